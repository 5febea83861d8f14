-- wrk script: POST /register with random ids. Bodies are built once, up front (a pool of 20,000 users), so that
-- the load generator's Lua does not become the bottleneck; each request re-registers one of them (real work:
-- blinding, store update, holder index).
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
local requests = {}
local count = 20000
local next = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  for i = 1, count do
    local body = '{"ephemeralContactKeysList":["' .. id() .. '","' .. id() .. '"],"tempEphemeralUserId":"' .. id() .. '","hourId":' .. hour .. '}'
    requests[i] = wrk.format("POST", "/register", {["Content-Type"] = "application/json"}, body)
  end
end

function request()
  next = next % count + 1
  return requests[next]
end
