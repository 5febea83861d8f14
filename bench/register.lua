-- wrk script: POST /register for a pool of 20,000 users. Bodies are built once, up front, so that the load
-- generator's Lua does not become the bottleneck. Each wrk run makes a pool of its own (fresh random ids), so its
-- first 20,000 requests are new registrations; after that:
--   wrk ... -s register.lua URL              each user repeats its registration, as a client does when it retries,
--                                            reloads or reconnects within a unit (real work: parsing, blinding,
--                                            the store's lookups; the stored registration is left as it is)
--   wrk ... -s register.lua URL -- change    each user alternates between two sets of contact keys, so that every
--                                            request replaces a registration (new objects kept, holder index updated)
--   wrk ... -s register.lua URL -- new       no pool: every request registers a user never seen before, as every
--                                            client does with its new ids when a unit begins (the store grows)
local hex = "0123456789abcdef"
local function id()
  local out = {}
  for i = 1, 64 do
    local n = math.random(1, 16)
    out[i] = hex:sub(n, n)
  end
  return table.concat(out)
end
local hour = math.floor(os.time() / 3600)
local count = 20000
local requests = {}  -- requests[variant][user]
local variants = 1
local turn = {}
local next = 0

local function body(user)
  return '{"ephemeralContactKeysList":["' .. id() .. '","' .. id() .. '"],"tempEphemeralUserId":"' .. user .. '","hourId":' .. hour .. '}'
end

local fresh = false
local prefixes = {}
local sent = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  if args[1] == "new" then
    -- Ids are random 56-hex prefixes made once, each followed by an 8-hex counter: unique, and cheap per request.
    fresh = true
    for i = 1, 3 do prefixes[i] = id():sub(1, 56) end
    return
  end
  if args[1] == "change" then variants = 2 end
  for v = 1, variants do requests[v] = {} end
  for i = 1, count do
    local user = id()
    for v = 1, variants do
      requests[v][i] = wrk.format("POST", "/register", {["Content-Type"] = "application/json"}, body(user))
    end
    turn[i] = 0
  end
end

function request()
  if fresh then
    sent = sent + 1
    local n = string.format("%08x", sent)
    local body = '{"ephemeralContactKeysList":["' .. prefixes[1] .. n .. '","' .. prefixes[2] .. n
      .. '"],"tempEphemeralUserId":"' .. prefixes[3] .. n .. '","hourId":' .. hour .. '}'
    return wrk.format("POST", "/register", {["Content-Type"] = "application/json"}, body)
  end
  next = next % count + 1
  turn[next] = turn[next] % variants + 1
  return requests[turn[next]][next]
end
