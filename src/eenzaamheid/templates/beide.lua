-- Eigen pandoc-writer: leest het document één keer en schrijft het als HTML én als Typst.
-- Zo betaalt een factsheet één keer het lezen van de Markdown in plaats van twee keer.
-- Typst kent geen HTML-klassen: een div of span met een klasse wordt daar een aanroep van de
-- gelijknamige functie uit het Typst-sjabloon (#kop[...], #noot[...]).
local naar_typst = {
  Div = function(el)
    if #el.classes == 0 then return nil end
    local blokken = {pandoc.RawBlock("typst", "#" .. el.classes[1] .. "[")}
    for _, b in ipairs(el.content) do table.insert(blokken, b) end
    table.insert(blokken, pandoc.RawBlock("typst", "]"))
    return blokken
  end,
  Span = function(el)
    if #el.classes == 0 then return nil end
    local delen = {pandoc.RawInline("typst", "#" .. el.classes[1] .. "[")}
    for _, i in ipairs(el.content) do table.insert(delen, i) end
    table.insert(delen, pandoc.RawInline("typst", "]"))
    return delen
  end,
}

function Writer(doc, opts)
  local html = pandoc.write(doc, "html5", opts)
  local typst = pandoc.write(doc:walk(naar_typst), "typst", opts)
  return html .. "\n<!--EENZAAMHEID-TYPST-->\n" .. typst
end
