-- Typst kent geen HTML-klassen: een div of span met een klasse wordt een aanroep van de
-- gelijknamige functie uit het Typst-sjabloon (#kop[...], #noot[...]).
function Div(el)
  if FORMAT == "typst" and #el.classes > 0 then
    local blokken = {pandoc.RawBlock("typst", "#" .. el.classes[1] .. "[")}
    for _, b in ipairs(el.content) do table.insert(blokken, b) end
    table.insert(blokken, pandoc.RawBlock("typst", "]"))
    return blokken
  end
end

function Span(el)
  if FORMAT == "typst" and #el.classes > 0 then
    local delen = {pandoc.RawInline("typst", "#" .. el.classes[1] .. "[")}
    for _, i in ipairs(el.content) do table.insert(delen, i) end
    table.insert(delen, pandoc.RawInline("typst", "]"))
    return delen
  end
end
