-- Eigen pandoc-writer: leest het document één keer en schrijft het als HTML én als Typst.
-- Zo betaalt een factsheet één keer het lezen van de Markdown in plaats van twee keer.
-- Typst kent geen HTML-klassen: een div of span met een klasse wordt daar een aanroep van de
-- gelijknamige functie uit het Typst-sjabloon (#kop[...], #noot[...]).
-- pandoc schrijft ’ voor Typst als ', en Typst maakt van een ' vooraan een woord een
-- openingsaanhalingsteken (‘s-Hertogenbosch). Als rauwe Typst blijft ’ gewoon ’.
local APOSTROF = "’"
local function apostrof(el)
  if not el.text:find(APOSTROF, 1, true) then return nil end
  local delen, begin = {}, 1
  while true do
    local i, j = el.text:find(APOSTROF, begin, true)
    if not i then break end
    if i > begin then table.insert(delen, pandoc.Str(el.text:sub(begin, i - 1))) end
    table.insert(delen, pandoc.RawInline("typst", APOSTROF))
    begin = j + 1
  end
  if begin <= #el.text then table.insert(delen, pandoc.Str(el.text:sub(begin))) end
  return delen
end

-- Zet de inhoud van een element met een klasse tussen #klasse[ en ] (Raw is RawBlock of RawInline).
local function omhul(el, Raw)
  if #el.classes == 0 then return nil end
  local delen = {Raw("typst", "#" .. el.classes[1] .. "[")}
  for _, deel in ipairs(el.content) do table.insert(delen, deel) end
  table.insert(delen, Raw("typst", "]"))
  return delen
end

local naar_typst = {
  Str = apostrof,
  Div = function(el) return omhul(el, pandoc.RawBlock) end,
  Span = function(el) return omhul(el, pandoc.RawInline) end,
}

function Writer(doc, opts)
  local html = pandoc.write(doc, "html5", opts)
  local typst = pandoc.write(doc:walk(naar_typst), "typst", opts)
  return html .. "\n<!--EENZAAMHEID-TYPST-->\n" .. typst
end
