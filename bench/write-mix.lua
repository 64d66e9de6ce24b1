-- wrk script: 90% GET and 10% PUT of the products in BENCH_IDS (comma-separated),
-- round robin. Each PUT sets a new stock, so caches are invalidated under load.
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do
    table.insert(ids, id)
end
local counter = 0

request = function()
    counter = counter + 1
    local id = ids[(counter % #ids) + 1]
    if counter % 10 == 0 then
        return wrk.format("PUT", "/api/products/" .. id, { ["Content-Type"] = "application/json" },
            '{"stock":' .. (counter % 50 + 1) .. '}')
    end
    return wrk.format("GET", "/api/products/" .. id)
end
