-- wrk -s bench/wrk_report.lua: after the run, one line that bench/http_pages.py reads.
--
--   WRK_RESULT requests=… seconds=… rps=… p50_ms=… p99_ms=… max_ms=… http_errors=… socket_errors=… bytes=…
--
-- http_errors is wrk's count of responses with a status of 400 or more (wrk counts no others;
-- bench/http_pages.py checks beforehand that every URL answers 200). Counting every non-2xx here would
-- need a response() callback, which runs Lua on every response and slows wrk itself down.
-- socket_errors adds up failed connects, reads, writes and timeouts.

done = function(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "http_errors=%d socket_errors=%d bytes=%d\n",
    summary.requests,
    seconds,
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    latency.max / 1000,
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    summary.bytes
  ))
end
