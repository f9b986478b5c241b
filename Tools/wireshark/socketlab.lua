-- SocketLab framed protocol ("sockets with selectors" application protocol) for Wireshark.
--
--   +--------+--------------------+---------------------------+
--   | N: u16 | JSON header        | content                   |
--   |   BE   | N bytes, UTF-8     | content-length bytes      |
--   +--------+--------------------+---------------------------+
--
-- Install: copy this file to your personal Lua plugins folder (Wireshark: Help > About > Folders >
-- "Personal Lua Plugins", e.g. ~/.local/lib/wireshark/plugins/) or run
--   tshark -X lua_script:Tools/wireshark/socketlab.lua -r capture.pcap
-- It registers on TCP port 65432 and recognises the protocol on other ports by its first bytes
-- (a heuristic); Decode As… > TCP port > SOCKETLAB forces it.
--
-- Messages split across segments are reassembled with dissect_tcp_pdus, several messages in one
-- segment are each dissected. A frame SocketLab's decoder refuses gets an expert-info error with
-- the same sentence the decoder gives (Sources/FrameCore/FrameError.swift), and the stream is
-- not decoded further, as SocketLab closes such a connection.

local socketlab = Proto("socketlab", "SocketLab framed protocol")

local MAX_CONTENT_LENGTH = 16 * 1024 * 1024  -- FrameLimits.default.maxContentLength
local MAX_JSON_DEPTH = 64

local f = socketlab.fields
f.header_length = ProtoField.uint16("socketlab.header_length", "JSON header length", base.DEC)
f.header = ProtoField.string("socketlab.header", "JSON header")
f.byteorder = ProtoField.string("socketlab.byteorder", "byteorder")
f.content_type = ProtoField.string("socketlab.content_type", "content-type")
f.content_encoding = ProtoField.string("socketlab.content_encoding", "content-encoding")
f.content_length = ProtoField.uint64("socketlab.content_length", "content-length", base.DEC)
f.extra = ProtoField.string("socketlab.extra_key", "Extra header member")
f.content = ProtoField.bytes("socketlab.content", "Content")
f.content_text = ProtoField.string("socketlab.content_text", "Content (text)")
f.error = ProtoField.string("socketlab.error", "Error")

local ef_malformed = ProtoExpert.new("socketlab.malformed", "Malformed SocketLab frame",
                                     expert.group.MALFORMED, expert.severity.ERROR)
socketlab.experts = { ef_malformed }

local json_dissector = Dissector.get("json")

-- JSON, parsed as SocketLab's parser does (strict RFC 8259), with the same error sentences.

local function byte_description(b)
  if b >= 0x21 and b < 0x7F then return "'" .. string.char(b) .. "'" end
  return string.format("0x%02x", b)
end

-- Offset (0-based) of the first byte that is not valid UTF-8, or nil.
local function invalid_utf8_offset(s, from, to)
  local i = from or 1
  to = to or #s
  while i <= to do
    local c = s:byte(i)
    local n, min
    if c < 0x80 then n = 0
    elseif c >= 0xC2 and c <= 0xDF then n, min = 1, 0x80
    elseif c >= 0xE0 and c <= 0xEF then n, min = 2, 0x800
    elseif c >= 0xF0 and c <= 0xF4 then n, min = 3, 0x10000
    else return i - (from or 1) end
    if i + n > to then return i - (from or 1) end
    local cp = n == 1 and c - 0xC0 or n == 2 and c - 0xE0 or n == 3 and c - 0xF0 or c
    for k = 1, n do
      local cc = s:byte(i + k)
      if cc < 0x80 or cc > 0xBF then return i - (from or 1) end
      cp = cp * 64 + (cc - 0x80)
    end
    if n > 0 and (cp < min or cp > 0x10FFFF or (cp >= 0xD800 and cp <= 0xDFFF)) then return i - (from or 1) end
    i = i + n + 1
  end
  return nil
end

local function utf8_char(cp)
  if cp < 0x80 then return string.char(cp) end
  if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 64), 0x80 + cp % 64) end
  if cp < 0x10000 then
    return string.char(0xE0 + math.floor(cp / 4096), 0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
  end
  return string.char(0xF0 + math.floor(cp / 262144), 0x80 + math.floor(cp / 4096) % 64,
                     0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
end

local Parser = {}
Parser.__index = Parser

local function parse_error(p, reason, at)
  error({ offset = at or (p.i - 1), reason = reason }, 0)
end

function Parser:ws()
  while true do
    local c = self.s:byte(self.i)
    if c == 0x20 or c == 0x09 or c == 0x0A or c == 0x0D then self.i = self.i + 1 else return end
  end
end

function Parser:value(depth)
  local c = self.s:byte(self.i)
  if c == nil then parse_error(self, "unexpected end of input, expected a value") end
  if c == 0x7B then return self:object(depth + 1) end
  if c == 0x5B then return self:array(depth + 1) end
  if c == 0x22 then return { kind = "string", value = self:string() } end
  if c == 0x74 then self:literal("true"); return { kind = "bool", text = "true" } end
  if c == 0x66 then self:literal("false"); return { kind = "bool", text = "false" } end
  if c == 0x6E then self:literal("null"); return { kind = "null", text = "null" } end
  if c == 0x2D or (c >= 0x30 and c <= 0x39) then return { kind = "number", text = self:number() } end
  parse_error(self, "unexpected character " .. byte_description(c) .. ", expected a value")
end

function Parser:literal(word)
  if self.s:sub(self.i, self.i + #word - 1) ~= word then parse_error(self, "invalid literal, expected '" .. word .. "'") end
  self.i = self.i + #word
end

function Parser:object(depth)
  if depth > MAX_JSON_DEPTH then parse_error(self, "nesting deeper than " .. MAX_JSON_DEPTH .. " levels") end
  self.i = self.i + 1
  local members = {}
  self:ws()
  if self.s:byte(self.i) == 0x7D then self.i = self.i + 1; return { kind = "object", members = members } end
  while true do
    self:ws()
    if self.s:byte(self.i) ~= 0x22 then parse_error(self, "expected a string key in the object") end
    local key = self:string()
    self:ws()
    if self.s:byte(self.i) ~= 0x3A then parse_error(self, "expected ':' after an object key") end
    self.i = self.i + 1
    self:ws()
    local start = self.i
    local value = self:value(depth)
    members[#members + 1] = { key = key, value = value, start = start - 1, stop = self.i - 1 }
    self:ws()
    local c = self.s:byte(self.i)
    if c == nil then parse_error(self, "unexpected end of input inside an object") end
    if c == 0x2C then self.i = self.i + 1
    elseif c == 0x7D then self.i = self.i + 1; return { kind = "object", members = members }
    else parse_error(self, "expected ',' or '}' in the object") end
  end
end

function Parser:array(depth)
  if depth > MAX_JSON_DEPTH then parse_error(self, "nesting deeper than " .. MAX_JSON_DEPTH .. " levels") end
  self.i = self.i + 1
  local items = {}
  self:ws()
  if self.s:byte(self.i) == 0x5D then self.i = self.i + 1; return { kind = "array", items = items } end
  while true do
    self:ws()
    items[#items + 1] = self:value(depth)
    self:ws()
    local c = self.s:byte(self.i)
    if c == nil then parse_error(self, "unexpected end of input inside an array") end
    if c == 0x2C then self.i = self.i + 1
    elseif c == 0x5D then self.i = self.i + 1; return { kind = "array", items = items }
    else parse_error(self, "expected ',' or ']' in the array") end
  end
end

function Parser:number()
  local s, start = self.s, self.i
  local function digits()
    local from = self.i
    while true do
      local c = s:byte(self.i)
      if c and c >= 0x30 and c <= 0x39 then self.i = self.i + 1 else break end
    end
    return self.i - from
  end
  if s:byte(self.i) == 0x2D then self.i = self.i + 1 end
  if s:byte(self.i) == nil then parse_error(self, "a number needs digits") end
  if s:byte(self.i) == 0x30 then self.i = self.i + 1
  elseif digits() == 0 then parse_error(self, "a number needs digits") end
  if s:byte(self.i) == 0x2E then
    self.i = self.i + 1
    if digits() == 0 then parse_error(self, "a fraction needs digits") end
  end
  local c = s:byte(self.i)
  if c == 0x65 or c == 0x45 then
    self.i = self.i + 1
    c = s:byte(self.i)
    if c == 0x2B or c == 0x2D then self.i = self.i + 1 end
    if digits() == 0 then parse_error(self, "an exponent needs digits") end
  end
  return s:sub(start, self.i - 1)
end

function Parser:hex4()
  local text = self.s:sub(self.i, self.i + 3)
  if #text < 4 or not text:match("^%x%x%x%x$") then parse_error(self, "\\u needs four hex digits") end
  self.i = self.i + 4
  return tonumber(text, 16)
end

function Parser:string()
  local s = self.s
  self.i = self.i + 1
  local out = {}
  local run = self.i
  local function flush(to)
    if to > run then
      local bad = invalid_utf8_offset(s, run, to - 1)
      if bad then parse_error(self, "invalid UTF-8 in a string", run - 1) end
      out[#out + 1] = s:sub(run, to - 1)
    end
  end
  while true do
    local c = s:byte(self.i)
    if c == nil then parse_error(self, "unterminated string") end
    if c == 0x22 then
      flush(self.i)
      self.i = self.i + 1
      return table.concat(out)
    end
    if c < 0x20 then parse_error(self, "control character " .. byte_description(c) .. " inside a string") end
    if c == 0x5C then
      flush(self.i)
      self.i = self.i + 1
      local e = s:byte(self.i)
      if e == nil then parse_error(self, "unterminated escape") end
      self.i = self.i + 1
      local simple = { [0x22] = "\"", [0x5C] = "\\", [0x2F] = "/", [0x62] = "\b", [0x66] = "\f",
                       [0x6E] = "\n", [0x72] = "\r", [0x74] = "\t" }
      if simple[e] then
        out[#out + 1] = simple[e]
      elseif e == 0x75 then
        local cp = self:hex4()
        if cp >= 0xD800 and cp <= 0xDBFF and s:sub(self.i, self.i + 1) == "\\u" and self.i + 5 <= #s then
          local save = self.i
          self.i = self.i + 2
          local low = self:hex4()
          if low >= 0xDC00 and low <= 0xDFFF then
            cp = 0x10000 + (cp - 0xD800) * 1024 + (low - 0xDC00)
          else
            self.i = save
          end
        end
        if cp >= 0xD800 and cp <= 0xDFFF then cp = 0xFFFD end
        out[#out + 1] = utf8_char(cp)
      else
        self.i = self.i - 1
        parse_error(self, "invalid escape \\" .. string.char(e))
      end
      run = self.i
    else
      self.i = self.i + 1
    end
  end
end

local function parse_json(text)
  local p = setmetatable({ s = text, i = 1 }, Parser)
  local ok, result = pcall(function()
    p:ws()
    local v = p:value(0)
    p:ws()
    if p.i <= #text then parse_error(p, "unexpected text after the JSON value") end
    return v
  end)
  if ok then return result end
  if type(result) == "table" then return nil, result.reason .. " at byte " .. result.offset end
  return nil, tostring(result)
end

local function quoted(s)
  local escapes = { ["\""] = "\\\"", ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
                    ["\b"] = "\\b", ["\f"] = "\\f" }
  return "\"" .. s:gsub("[%c\"\\]", function(c)
    if escapes[c] then return escapes[c] end
    if c:byte() < 0x20 then return string.format("\\u%04x", c:byte()) end
    return c
  end) .. "\""
end

local function json_text(v)
  if v.kind == "string" then return quoted(v.value) end
  if v.kind == "array" then
    local parts = {}
    for k, item in ipairs(v.items) do parts[k] = json_text(item) end
    return "[" .. table.concat(parts, ", ") .. "]"
  end
  if v.kind == "object" then
    local parts = {}
    for k, m in ipairs(v.members) do parts[k] = quoted(m.key) .. ": " .. json_text(m.value) end
    return "{" .. table.concat(parts, ", ") .. "}"
  end
  return v.text
end

local function kind_description(v)
  local names = { null = "null", bool = "a boolean", number = "a number", string = "a string",
                  array = "an array", object = "an object" }
  return names[v.kind]
end

-- The last member with this key, as SocketLab's JSONValue subscript does.
local function member(obj, key)
  local found
  for _, m in ipairs(obj.members) do if m.key == key then found = m end end
  return found
end

-- Validates a JSON header as JSONHeader.parse does: returns a table of fields, or nil and the
-- decoder's sentence.
local function validate_header(text)
  local bad = invalid_utf8_offset(text)
  if bad then return nil, "the JSON header is not valid UTF-8 (bad byte at header offset " .. bad .. ")" end
  local value, why = parse_json(text)
  if not value then return nil, "the JSON header is not valid JSON: " .. why end
  if value.kind ~= "object" then return nil, "the JSON header must be a JSON object, but it is " .. kind_description(value) end
  for _, key in ipairs({ "byteorder", "content-length", "content-type", "content-encoding" }) do
    if not member(value, key) then return nil, "the JSON header lacks the required key \"" .. key .. "\"" end
  end
  local function string_value(key)
    local m = member(value, key)
    if m.value.kind ~= "string" then
      return nil, "the JSON header's \"" .. key .. "\" is " .. json_text(m.value) .. ", but it must be a string"
    end
    return m.value.value
  end
  local header = { value = value }
  local err
  header.byteorder, err = string_value("byteorder")
  if err then return nil, err end
  if header.byteorder ~= "little" and header.byteorder ~= "big" then
    return nil, "the JSON header's \"byteorder\" is " .. quoted(header.byteorder) .. ", but it must be \"little\" or \"big\""
  end
  header.content_type, err = string_value("content-type")
  if err then return nil, err end
  header.content_encoding, err = string_value("content-encoding")
  if err then return nil, err end
  local length = member(value, "content-length").value
  if length.kind ~= "number" or not length.text:match("^%d+$") then
    return nil, "the JSON header's \"content-length\" is " .. json_text(length) .. ", but it must be a non-negative integer"
  end
  if #length.text > 18 then
    return nil, "the JSON header declares more than 10^18 bytes of content, above the limit of " .. MAX_CONTENT_LENGTH
  end
  header.content_length = tonumber(length.text)
  if header.content_length > MAX_CONTENT_LENGTH then
    return nil, "the JSON header declares " .. length.text .. " bytes of content, above the limit of " .. MAX_CONTENT_LENGTH
  end
  return header
end

-- Whole PDU length from the bytes so far: 0 asks dissect_tcp_pdus for more; a frame the decoder
-- would refuse ends where its error becomes known, so it is shown (and flagged) at once.
local function pdu_length(tvb, pinfo, offset)
  local available = tvb:len() - offset
  local n = tvb(offset, 2):uint()
  if n == 0 then return 2 end
  if available < 2 + n then return 0 end
  local header = validate_header(tvb(offset + 2, n):raw())
  if not header then return 2 + n end
  return 2 + n + header.content_length
end

local function add_error(pinfo, tree, item, range, sentence)
  tree:add(f.error, range, sentence)
  item:add_proto_expert_info(ef_malformed, sentence)
  pinfo.cols.info:append(" [Malformed: " .. sentence .. "]")
end

local function dissect_message(tvb, pinfo, tree)
  pinfo.cols.protocol = "SOCKETLAB"
  local n = tvb(0, 2):uint()
  local item = tree:add(socketlab, tvb(), "SocketLab message")
  item:add(f.header_length, tvb(0, 2))
  if n == 0 then
    add_error(pinfo, item, item, tvb(0, 2), "the proto-header declares a JSON header of 0 bytes, but a header must be a JSON object")
    return tvb:len()
  end
  local header_range = tvb(2, n)
  local text = header_range:raw()
  local header_item = item:add(f.header, header_range)
  local header, sentence = validate_header(text)
  if not header then
    add_error(pinfo, item, header_item, header_range, sentence)
    return tvb:len()
  end
  for _, m in ipairs(header.value.members) do
    local range = tvb(2 + m.start, m.stop - m.start)
    if m.key == "byteorder" then header_item:add(f.byteorder, range, header.byteorder)
    elseif m.key == "content-type" then header_item:add(f.content_type, range, header.content_type)
    elseif m.key == "content-encoding" then header_item:add(f.content_encoding, range, header.content_encoding)
    elseif m.key == "content-length" then header_item:add(f.content_length, range, UInt64(header.content_length))
    else header_item:add(f.extra, range, m.key .. ": " .. json_text(m.value)) end
  end
  local length = header.content_length
  local summary = header.content_type .. ", " .. length .. " bytes"
  pinfo.cols.info:append(" [" .. summary .. "]")
  item:append_text(" (" .. summary .. ")")
  if length > 0 then
    local content = tvb(2 + n, length)
    local content_item = item:add(f.content, content)
    if header.content_type == "text/json" and json_dissector then
      json_dissector:call(content:tvb(), pinfo, content_item)
    elseif not invalid_utf8_offset(content:raw()) and header.content_encoding ~= "binary" then
      content_item:add(f.content_text, content, content:raw())
    end
  end
  pinfo.cols.protocol = "SOCKETLAB"
  return tvb:len()
end

function socketlab.dissector(tvb, pinfo, tree)
  -- Protocol column first: dissect_tcp_pdus may call back several times for one segment.
  pinfo.cols.protocol = "SOCKETLAB"
  pinfo.cols.info = "SocketLab"
  dissect_tcp_pdus(tvb, tree, 2, pdu_length, dissect_message, true)
  return tvb:len()
end

DissectorTable.get("tcp.port"):add(65432, socketlab)

-- On any other port (the TUI's embedded server, a test server on port 0), a conversation whose
-- first segment starts like a frame is taken: a 2-byte length, then a JSON object whose text
-- names "content-length". The whole conversation is then ours, replies included. A first segment
-- shorter than that (a request sent 1 byte at a time) or a malformed first frame is not
-- recognised: use Decode As (tshark: -d tcp.port==PORT,socketlab).
local function looks_like_socketlab(tvb, pinfo, tree)
  if tvb:len() < 3 then return false end
  local n = tvb(0, 2):uint()
  if n < 2 or tvb(2, 1):uint() ~= 0x7B then return false end
  local text = tvb(2, math.min(n, tvb:len() - 2)):raw()
  if not text:find("\"content%-length\"") then return false end
  pinfo.conversation = socketlab
  socketlab.dissector(tvb, pinfo, tree)
  return true
end
socketlab:register_heuristic("tcp", looks_like_socketlab)
