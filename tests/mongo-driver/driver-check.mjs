// Checks the MongoDB wire test server with the official Node.js driver: every call
// the project relies on, with results asserted. Usage: node driver-check.mjs <uri>
// (or MONGODB_URI). Exits non-zero on the first failed assertion.
import assert from 'node:assert/strict';
import { MongoClient, MongoServerError } from 'mongodb';

const uri = process.argv[2] ?? process.env.MONGODB_URI;
if (!uri) {
  console.error('usage: node driver-check.mjs mongodb://127.0.0.1:PORT/db');
  process.exit(2);
}

const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000 });

async function main() {
  await client.connect();
  const db = client.db('driver_check');
  await db.dropDatabase();
  const items = db.collection('items');

  // insertOne / insertMany, with a generated _id and explicit ones
  const one = await items.insertOne({ name: 'alpha', price: 10, tags: ['red', 'small'], createdAt: 1000 });
  assert.ok(one.acknowledged);
  assert.ok(one.insertedId, 'insertOne returns the generated _id');
  const many = [];
  for (let i = 0; i < 25; i++) {
    many.push({ _id: `id${String(i).padStart(2, '0')}`, name: `item ${i}`, price: i * 2, createdAt: 2000 + i,
      tags: i % 2 ? ['odd'] : ['even', 'red'] });
  }
  const inserted = await items.insertMany(many);
  assert.equal(inserted.insertedCount, 25);

  // duplicate _id: E11000 with code 11000
  await assert.rejects(items.insertOne({ _id: 'id00', name: 'dup' }),
    (err) => err instanceof MongoServerError && err.code === 11000);

  // findOne with equality, with $in on an array field, with a regex
  const alpha = await items.findOne({ name: 'alpha' });
  assert.equal(alpha.price, 10);
  assert.deepEqual(alpha.tags, ['red', 'small']);
  assert.equal((await items.findOne({ tags: 'small' })).name, 'alpha');
  assert.equal((await items.findOne({ name: { $regex: '^ITEM 1$', $options: 'i' } }))._id, 'id01');
  assert.equal(await items.findOne({ name: 'nobody' }), null);

  // find with filter/sort/skip/limit
  const page = await items.find({ price: { $gte: 10, $lte: 30 } }).sort({ price: -1 }).skip(2).limit(3).toArray();
  assert.deepEqual(page.map((d) => d.price), [26, 24, 22]);
  const reds = await items.find({ tags: { $in: ['red'] } }).sort({ createdAt: 1, _id: 1 }).toArray();
  assert.equal(reds.length, 14);
  assert.equal(reds[0].name, 'alpha');
  const projected = await items.find({ _id: 'id03' }, { projection: { name: 1, _id: 0 } }).toArray();
  assert.deepEqual(projected, [{ name: 'item 3' }]);

  // cursor iteration over several batches (getMore)
  const cursor = items.find({}).sort({ _id: 1 }).batchSize(4);
  let seen = 0;
  let last = '';
  for await (const doc of cursor) {
    assert.ok(String(doc._id) >= last || typeof doc._id !== 'string');
    if (typeof doc._id === 'string') last = doc._id;
    seen++;
  }
  assert.equal(seen, 26);

  // countDocuments (aggregate $match + $group), estimated via the same path
  assert.equal(await items.countDocuments({}), 26);
  assert.equal(await items.countDocuments({ price: { $lt: 10 } }), 5);
  assert.equal(await items.countDocuments({ tags: 'odd' }), 12);
  assert.equal(await items.countDocuments({ name: 'nobody' }), 0);

  // updateOne with $set and $inc
  const upd = await items.updateOne({ _id: 'id05' }, { $set: { name: 'renamed' }, $inc: { price: 5 } });
  assert.equal(upd.matchedCount, 1);
  assert.equal(upd.modifiedCount, 1);
  const five = await items.findOne({ _id: 'id05' });
  assert.equal(five.name, 'renamed');
  assert.equal(five.price, 15);
  const none = await items.updateOne({ _id: 'nope' }, { $set: { x: 1 } });
  assert.equal(none.matchedCount, 0);

  // findOneAndUpdate returning the new document
  const after = await items.findOneAndUpdate({ _id: 'id06' }, { $inc: { price: 1 }, $set: { hot: true } },
    { returnDocument: 'after' });
  assert.equal(after.price, 13);
  assert.equal(after.hot, true);
  const before = await items.findOneAndUpdate({ _id: 'id06' }, { $unset: { hot: '' } });
  assert.equal(before.hot, true);
  assert.equal((await items.findOne({ _id: 'id06' })).hot, undefined);
  assert.equal(await items.findOneAndUpdate({ _id: 'nope' }, { $set: { a: 1 } }), null);

  // deleteOne
  const del = await items.deleteOne({ _id: 'id07' });
  assert.equal(del.deletedCount, 1);
  assert.equal((await items.deleteOne({ _id: 'id07' })).deletedCount, 0);
  assert.equal(await items.countDocuments(), 25);

  // createIndex: a unique index is enforced
  const name = await items.createIndex({ name: 1 }, { unique: true });
  assert.equal(name, 'name_1');
  const indexes = await items.indexes();
  assert.deepEqual(indexes.map((i) => i.name).sort(), ['_id_', 'name_1']);
  await assert.rejects(items.insertOne({ name: 'alpha' }), (err) => err.code === 11000);
  await assert.rejects(items.updateOne({ _id: 'id08' }, { $set: { name: 'alpha' } }), (err) => err.code === 11000);

  // collections and drop
  const collections = await db.listCollections().toArray();
  assert.deepEqual(collections.map((c) => c.name), ['items']);
  assert.ok(await items.drop());
  assert.equal(await items.countDocuments(), 0);

  console.log('driver check passed');
}

try {
  await main();
} catch (err) {
  console.error('driver check FAILED:', err);
  process.exitCode = 1;
} finally {
  await client.close();
}
