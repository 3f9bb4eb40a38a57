-- wrk -s bench/orders.lua http://127.0.0.1:PORT : POST /api/v1/orders/ for the carts listed in $CART_FILE, each once
-- (its id is also the Idempotency-Key), threads taking every $WRK_THREADS-th cart so no two requests share one.
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  carts = {}
  for line in io.lines(os.getenv("CART_FILE")) do carts[#carts + 1] = line end
  step = tonumber(os.getenv("WRK_THREADS") or "2")
  sent = 0
end

local address = '{"name": "Bench Buyer", "line1": "1 Load Street", "city": "Testville", "postal_code": "12345", "country": "US"}'

function request()
  local cart = carts[(offset + sent * step) % #carts + 1]
  sent = sent + 1
  local body = string.format('{"cart": "%s", "email": "bench@example.com", "shipping_address": %s}', cart, address)
  local headers = {["Content-Type"] = "application/json", ["Idempotency-Key"] = cart}
  return wrk.format("POST", "/api/v1/orders/", headers, body)
end
