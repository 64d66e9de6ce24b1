// Every operation of docs/openapi.yaml, its error answers included, sent through
// Prism in proxy mode in front of a real jollyjetd, so each request/response pair is
// validated against the description by a tool this project did not write.
//
// Two Prism instances: STRICT runs with --errors (a response that breaks the
// description becomes Prism's own error answer); LENIENT runs without it and takes
// the requests that break the description on purpose (bad query values, wrong
// content type, invalid bodies), which Prism with --errors would answer itself
// instead of forwarding; there the server's answer must still carry no response
// violation in Prism's `sl-violations` header.
//
// Usage: node contract-check.mjs STRICT_URL LENIENT_URL DIRECT_URL
// Tokens come from the environment: WRITE_TOKEN, ADMIN_TOKEN, METRICS_TOKEN.

const [strictUrl, lenientUrl, directUrl] = process.argv.slice(2);
const write = `Bearer ${process.env.WRITE_TOKEN}`;
const admin = `Bearer ${process.env.ADMIN_TOKEN}`;
const metrics = `Bearer ${process.env.METRICS_TOKEN}`;

let failures = 0;
let checked = 0;
const operationsSeen = new Set();

async function call(base, label, method, path, { headers = {}, body, expect, operation }) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!('Content-Type' in init.headers) && typeof body !== 'string')
      init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(base + path, init);
  } catch (e) {
    failures++;
    console.log(`FAIL ${label} ${method} ${path}: ${e.message}`);
    return null;
  }
  const text = await response.text();
  checked++;
  if (operation) operationsSeen.add(operation);
  const problems = [];
  const violations = response.headers.get('sl-violations');
  if (violations) {
    let list = [];
    try {
      list = JSON.parse(violations);
    } catch {
      problems.push(`unparsable sl-violations: ${violations.slice(0, 300)}`);
    }
    for (const v of list)
      if (v.location && v.location[0] === 'response')
        problems.push(`response violation: ${v.location.join('.')} ${v.message}`);
  }
  if ((response.headers.get('content-type') || '').startsWith('application/problem+json'))
    problems.push(`Prism answered by itself: ${text.slice(0, 400)}`);
  if (response.status >= 500) problems.push(`5xx: ${response.status} ${text.slice(0, 200)}`);
  if (expect !== undefined && response.status !== expect)
    problems.push(`status ${response.status}, expected ${expect}: ${text.slice(0, 300)}`);
  if (problems.length) {
    failures++;
    console.log(`FAIL ${label} ${method} ${path}\n  ${problems.join('\n  ')}`);
  } else {
    console.log(`ok   ${label} ${method} ${path} -> ${response.status}`);
  }
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, json, text };
}

const strict = (method, path, options = {}) => call(strictUrl, 'strict ', method, path, options);
const lenient = (method, path, options = {}) => call(lenientUrl, 'lenient', method, path, options);

const product = {
  name: 'Desk Lamp',
  description: 'A bright lamp for the desk',
  price: 19.99,
  stock: 5,
  category: 'Home',
  images: ['https://example.com/lamp.png'],
};
const missingId = '0123456789abcdef01234567';

// Products: success answers.
const created = await strict('POST', '/api/products', {
  headers: { Authorization: write }, body: product, expect: 201, operation: 'createProduct' });
const id = created?.json?.data?.id;
if (!id) {
  console.log('FAIL cannot go on without a created product');
  process.exit(1);
}
if (created.headers.get('location') !== `/api/products/${id}`) {
  failures++;
  console.log(`FAIL Location is ${created.headers.get('location')}`);
}
await strict('POST', '/api/products', { headers: { Authorization: write },
  body: { ...product, name: 'Second Lamp', category: 'Office' }, expect: 201 });
const list = await strict('GET', '/api/products?page=1&limit=10&category=Home&search=lamp&isActive=true&priceRange=' +
  encodeURIComponent('{"min":1,"max":50}'), { expect: 200, operation: 'listProducts' });
await strict('GET', '/api/products?isWishlistStatus=false', { expect: 200 });
await strict('GET', '/api/products/count?category=Home', { expect: 200, operation: 'countProducts' });
await strict('GET', '/api/products/wishlist?page=1&limit=5', { expect: 200, operation: 'listWishlist' });
const one = await strict('GET', `/api/products/${id}`, { expect: 200, operation: 'getProduct' });
await strict('GET', `/api/products/${id}`, { headers: { 'If-None-Match': one?.headers.get('etag') ?? '' }, expect: 304 });
await strict('GET', `/api/products?page=1&limit=10&category=Home&search=lamp&isActive=true&priceRange=` +
  encodeURIComponent('{"min":1,"max":50}'), { headers: { 'If-None-Match': list?.headers.get('etag') ?? '' }, expect: 304 });
await strict('PUT', `/api/products/${id}`, { headers: { Authorization: write },
  body: { price: 25, stock: 7 }, expect: 200, operation: 'updateProduct' });
await strict('PATCH', `/api/products/${id}/wishlist`, { headers: { Authorization: write },
  body: { isWishlistStatus: true }, expect: 200, operation: 'setWishlistStatus' });

// Products: error answers the description allows for valid requests.
await strict('GET', `/api/products/${missingId}`, { expect: 404 });
await strict('PUT', `/api/products/${missingId}`, { headers: { Authorization: write }, body: { price: 1 }, expect: 404 });
await strict('PATCH', `/api/products/${missingId}/wishlist`, { headers: { Authorization: write },
  body: { isWishlistStatus: false }, expect: 404 });
await strict('POST', '/api/products', { headers: { Authorization: write }, body: { ...product, stock: 0 }, expect: 400 });
await strict('POST', '/api/products', { body: product, expect: 401 });
await strict('POST', '/api/products', { headers: { Authorization: 'Bearer wrong-token' }, body: product, expect: 401 });
await strict('POST', '/api/products', { headers: { Authorization: write },
  body: { ...product, description: 'x'.repeat(6000) }, expect: 413 });

// Requests that break the description on purpose: the server's answers must not.
await lenient('GET', '/api/products?page=1e9', { expect: 400 });
await lenient('GET', '/api/products?page=99999999999999999999', { expect: 400 });
await lenient('GET', '/api/products?limit=500', { expect: 400 });
await lenient('GET', '/api/products?isActive=maybe', { expect: 400 });
await lenient('GET', '/api/products/count?isWishlistStatus=1', { expect: 400 });
await lenient('GET', '/api/products?priceRange=%7B%22min%22%3A5%7D', { expect: 400 });
await lenient('GET', '/api/products/wishlist?page=x', { expect: 400 });
await lenient('GET', '/api/products/not-an-id', { expect: 400 });
await lenient('PUT', '/api/products/not-an-id', { headers: { Authorization: write }, body: { price: 1 }, expect: 400 });
await lenient('DELETE', '/api/products/not-an-id', { headers: { Authorization: write }, expect: 400 });
await lenient('POST', '/api/products', { headers: { Authorization: write, 'Content-Type': 'text/plain' },
  body: 'name=lamp', expect: 415 });
await lenient('PUT', `/api/products/${id}`, { headers: { Authorization: write, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'price=3', expect: 415 });
await lenient('PATCH', `/api/products/${id}/wishlist`, { headers: { Authorization: write, 'Content-Type': 'text/plain' },
  body: 'true', expect: 415 });
await lenient('POST', '/api/products', { headers: { Authorization: write },
  body: { name: 'ab', description: 'short', price: -1, stock: 1.5, category: '' }, expect: 422 });
await lenient('POST', '/api/products', { headers: { Authorization: write, 'Content-Type': 'application/json' },
  body: '{"name":', expect: 400 });
await lenient('PUT', `/api/products/${id}`, { headers: { Authorization: write }, body: { price: '10' }, expect: 422 });
await lenient('PATCH', `/api/products/${id}/wishlist`, { headers: { Authorization: write }, body: {}, expect: 422 });

// Cache administration.
const adminHeaders = { Authorization: admin };
const stats = await strict('GET', '/api/cache/stats', { headers: adminHeaders, expect: 200, operation: 'cacheStats' });
await strict('GET', '/api/cache/history', { headers: adminHeaders, expect: 200, operation: 'cacheHistory' });
const cacheKey = one?.json?.cacheInfo?.cacheKey ?? 'jollyjet:contract:none';
const prefix = cacheKey.slice(0, cacheKey.indexOf(':', cacheKey.indexOf(':') + 1) + 1);
await strict('GET', `/api/cache/check?key=${encodeURIComponent(cacheKey)}`, { headers: adminHeaders, expect: 200, operation: 'cacheCheck' });
await strict('GET', `/api/cache/status`, { headers: adminHeaders, expect: 200, operation: 'cacheStatus' });
await strict('POST', '/api/cache/warmup', { headers: adminHeaders, body: { pages: 1 }, expect: 200, operation: 'cacheWarmup' });
await strict('GET', `/api/cache/keys/${encodeURIComponent(prefix + 'contract-missing')}`, { headers: adminHeaders, expect: 200, operation: 'cacheKeyGet' });
await strict('DELETE', `/api/cache/keys/${encodeURIComponent(prefix + 'contract-missing')}`, { headers: adminHeaders, expect: 404, operation: 'cacheKeyDelete' });
await strict('GET', `/api/cache/keys?key=${encodeURIComponent(cacheKey)}`, { headers: adminHeaders, expect: 200, operation: 'cacheKeyGetByQuery' });
await strict('DELETE', `/api/cache/keys?key=${encodeURIComponent(cacheKey)}`, { headers: adminHeaders, operation: 'cacheKeyDeleteByQuery' });
await strict('DELETE', `/api/cache/invalidate?pattern=${encodeURIComponent(prefix + 'products:*')}`, { headers: adminHeaders, expect: 200, operation: 'cacheInvalidate' });
await strict('DELETE', '/api/cache', { headers: adminHeaders, expect: 200, operation: 'cacheClear' });
await strict('GET', '/api/cache/check?key=outside:prefix', { headers: adminHeaders, expect: 400 });
await strict('GET', '/api/cache/stats', { expect: 401 });
await strict('GET', '/admin', { headers: adminHeaders, expect: 200, operation: 'adminPage' });
await strict('GET', '/admin', { expect: 401 });
await lenient('GET', '/api/cache/check', { headers: adminHeaders, expect: 400 });
await lenient('POST', '/api/cache/warmup', { headers: adminHeaders, body: { pages: 0 }, expect: 400 });

// Health, metrics, the description.
await strict('GET', '/health', { operation: 'health' });
await strict('GET', '/api/health', { headers: { Authorization: metrics }, operation: 'healthDetails' });
await strict('GET', '/api/health', { expect: 401 });
await strict('GET', '/api/health/live', { expect: 200, operation: 'live' });
await strict('GET', '/api/health/ready', { operation: 'ready' });
await strict('GET', '/ready', { operation: 'readyShort' });
await strict('GET', '/metrics', { headers: { Authorization: metrics }, expect: 200, operation: 'metrics' });
await strict('GET', '/metrics', { expect: 401 });
await strict('GET', '/api/openapi.json', { expect: 200, operation: 'openapi' });

// Last: the delete, then wrong tokens until the client address is locked out.
await strict('DELETE', `/api/products/${id}`, { headers: { Authorization: write }, expect: 200, operation: 'deleteProduct' });
await strict('DELETE', `/api/products/${id}`, { headers: { Authorization: write }, expect: 404 });
let locked = null;
for (let i = 0; i < 20 && !locked; i++) {
  const r = await strict('GET', '/api/cache/status', { headers: { Authorization: 'Bearer wrong' } });
  if (r && r.status === 429) locked = r;
}
if (!locked || !locked.headers.get('retry-after')) {
  failures++;
  console.log('FAIL wrong admin tokens never led to 429 with Retry-After');
}

// Every operation of the description was exercised.
const description = await (await fetch(directUrl + '/api/openapi.json')).json();
const allOperations = [];
for (const item of Object.values(description.paths))
  for (const [method, op] of Object.entries(item))
    if (['get', 'put', 'post', 'patch', 'delete'].includes(method)) allOperations.push(op.operationId);
const missed = allOperations.filter(op => !operationsSeen.has(op));
if (missed.length) {
  failures++;
  console.log(`FAIL operations never exercised: ${missed.join(', ')}`);
}
void stats;
console.log(`${checked} exchanges checked, ${allOperations.length} operations, ${failures} failure(s)`);
process.exit(failures ? 1 : 0);
