-- wrk script: GETs and PUTs of the products in BENCH_IDS (comma-separated), round
-- robin; one request in WRITE_EVERY is a PUT (default 10: 90% GET, 10% PUT; 1: only
-- PUTs). Each PUT sets a new stock, so caches are invalidated under load.
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do
    table.insert(ids, id)
end
local counter = 0
local every = tonumber(os.getenv("WRITE_EVERY") or "10")

request = function()
    counter = counter + 1
    local id = ids[(counter % #ids) + 1]
    if counter % every == 0 then
        return wrk.format("PUT", "/api/products/" .. id, { ["Content-Type"] = "application/json" },
            '{"stock":' .. (counter % 50 + 1) .. '}')
    end
    return wrk.format("GET", "/api/products/" .. id)
end
