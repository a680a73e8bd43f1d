-- wrk script: POSTs tools/call echo {"message":"hi"} on one MCP session and counts successful
-- (2xx) answers that do not carry the echoed text, such as JSON-RPC errors.
-- Environment: SID (Mcp-Session-Id, required by stateful servers), ID_BASE (first request id,
-- so that runs against one session never reuse an id), AUTH (Authorization header, optional),
-- TOOL (the tool's name, default echo).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
local sid = os.getenv("SID")
if sid and #sid > 0 then wrk.headers["Mcp-Session-Id"] = sid end
local auth = os.getenv("AUTH")
if auth and #auth > 0 then wrk.headers["Authorization"] = auth end

local id_base = tonumber(os.getenv("ID_BASE") or "") or 0
local tool = os.getenv("TOOL")
if not tool or #tool == 0 then tool = "echo" end
local threads = {}

-- Runs in the main state once per thread: each thread gets its own range of ids.
function setup(thread)
  thread:set("next_id", id_base + #threads * 100000000)
  thread:set("bad", 0)
  table.insert(threads, thread)
end

function request()
  next_id = next_id + 1
  return wrk.format(nil, nil, nil, '{"jsonrpc":"2.0","id":' .. next_id ..
    ',"method":"tools/call","params":{"name":"' .. tool .. '","arguments":{"message":"hi"}}}')
end

function response(status, headers, body)
  if status < 300 and not body:find('"text":"hi"', 1, true) then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("Bad bodies: %d\n", total))
end
