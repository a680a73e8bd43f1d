-- wrk script: POSTs tools/list (first page) on one MCP session; counts 2xx answers without a
-- tools array. Environment: SID, ID_BASE, AUTH as in call.lua (each request has an id of its own:
-- a session refuses an id that is still in flight).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
local sid = os.getenv("SID")
if sid and #sid > 0 then wrk.headers["Mcp-Session-Id"] = sid end
local auth = os.getenv("AUTH")
if auth and #auth > 0 then wrk.headers["Authorization"] = auth end

local id_base = tonumber(os.getenv("ID_BASE") or "") or 0
local threads = {}

function setup(thread)
  thread:set("next_id", id_base + #threads * 100000000)
  thread:set("bad", 0)
  table.insert(threads, thread)
end

function request()
  next_id = next_id + 1
  return wrk.format(nil, nil, nil, '{"jsonrpc":"2.0","id":' .. next_id .. ',"method":"tools/list"}')
end

function response(status, headers, body)
  if status >= 200 and status < 300 and not string.find(body, '"tools":[', 1, true) then bad = bad + 1 end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("bad") end
  io.write("Bad bodies: " .. n .. "\n")
end
