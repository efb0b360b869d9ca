-- wrk script of the benchmark's grade save (bench/grade_save.py writes its cells and reads its last line).
--
-- Arguments (after wrk's `--`): the cells file, one cell a line: "<url> <assessment>-<student> <version> <a> <b>",
-- and the number of wrk threads. Each thread takes every n-th cell and saves its own cells in turn, so a cell
-- comes round again only hundreds of saves after its last answer. A save sends the cell's two fields as htmx
-- does (wrk's -H gives the session cookie, HX-Request, X-CSRFToken and the form's content type) and the value
-- of the two, a or b, that the cell does not show, so every save really writes. The answer is the saved cell:
-- its new version and value are kept for the cell's next save. Anything but a 200 showing a saved cell of
-- this thread counts as refused or unreadable, and done() prints the counts for the harness to check.

local threads = {}
local made = 0

function setup(thread)
  thread:set("index", made)
  made = made + 1
  table.insert(threads, thread)
end

function init(args)
  local path, count = args[1], tonumber(args[2])
  cells, order, turn = {}, {}, 0
  saved, refused, unreadable = 0, 0, 0
  local n = 0
  for line in io.lines(path) do
    local url, name, version, a, b = line:match("^(%S+) (%S+) (%d+) (%S+) (%S+)$")
    if n % count == index then
      cells[name] = { url = url, version = version, a = a, b = b, shown = a }
      order[#order + 1] = name
    end
    n = n + 1
  end
end

function request()
  turn = turn % #order + 1
  local name = order[turn]
  local cell = cells[name]
  local value = cell.shown == cell.a and cell.b or cell.a
  local body = "score-" .. name .. "=" .. value .. "&version-" .. name .. "=" .. cell.version
  return wrk.format("POST", cell.url, nil, body)
end

function response(status, headers, body)
  if status ~= 200 or body:find("Changed meanwhile", 1, true) then
    refused = refused + 1
    return
  end
  local name, version = body:match('name="version%-(%d+%-%d+)" value="(%d+)"')
  local shown = name and body:match('name="score%-' .. name:gsub("%-", "%%-") .. '" value="([^"]*)"')
  local cell = name and cells[name]
  if not (cell and shown and body:find("saved-note", 1, true)) then
    unreadable = unreadable + 1
    return
  end
  cell.version, cell.shown = version, shown
  saved = saved + 1
end

function done(summary, latency, requests)
  local totals = { saved = 0, refused = 0, unreadable = 0 }
  for _, thread in ipairs(threads) do
    for key in pairs(totals) do
      totals[key] = totals[key] + thread:get(key)
    end
  end
  io.write(string.format("grade-save saved=%d refused=%d unreadable=%d\n", totals.saved, totals.refused,
    totals.unreadable))
end
