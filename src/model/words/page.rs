//! The interactive page's own words (buttons, hints, the labels screen
//! readers announce) in the languages the engine knows. A theatre may
//! override any of them or add a language (`page_words` in its manifest);
//! a word it does not give comes from the engine, in English when the
//! engine does not know the language.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Key, English, Russian, Spanish. A `{…}` in a word is filled in by the page.
const CATALOGUE: &[(&str, &str, &str, &str)] = &[
    (
        "controls",
        "Map controls",
        "Управление картой",
        "Controles del mapa",
    ),
    ("timeline", "Timeline", "Шкала времени", "Línea de tiempo"),
    (
        "previous",
        "Previous phase",
        "Предыдущий этап",
        "Fase anterior",
    ),
    (
        "previous-key",
        "Previous phase (Left arrow)",
        "Предыдущий этап (стрелка влево)",
        "Fase anterior (flecha izquierda)",
    ),
    ("next", "Next phase", "Следующий этап", "Fase siguiente"),
    (
        "next-key",
        "Next phase (Right arrow)",
        "Следующий этап (стрелка вправо)",
        "Fase siguiente (flecha derecha)",
    ),
    ("play", "Play", "Пуск", "Reproducir"),
    ("pause", "Pause", "Пауза", "Pausa"),
    (
        "play-pause",
        "Play / pause",
        "Пуск / пауза",
        "Reproducir / pausa",
    ),
    ("phase", "Phase", "Этап", "Fase"),
    ("phases", "Phases", "Этапы", "Fases"),
    ("zoom", "Zoom", "Масштаб", "Zoom"),
    ("zoom-in", "Zoom in", "Приблизить", "Acercar"),
    (
        "zoom-in-key",
        "Zoom in (+)",
        "Приблизить (+)",
        "Acercar (+)",
    ),
    ("zoom-out", "Zoom out", "Отдалить", "Alejar"),
    (
        "zoom-out-key",
        "Zoom out (\u{2212})",
        "Отдалить (\u{2212})",
        "Alejar (\u{2212})",
    ),
    ("reset", "Reset", "Вся карта", "Todo"),
    (
        "reset-key",
        "Whole map (0)",
        "Вся карта (0)",
        "Todo el mapa (0)",
    ),
    (
        "compare-two",
        "Compare two phases",
        "Сравнить два этапа",
        "Comparar dos fases",
    ),
    ("compare", "Compare", "Сравнить", "Comparar"),
    (
        "left-phase",
        "Left phase",
        "Этап слева",
        "Fase de la izquierda",
    ),
    (
        "right-phase",
        "Right phase",
        "Этап справа",
        "Fase de la derecha",
    ),
    (
        "how-compare",
        "How to compare",
        "Как сравнивать",
        "Cómo comparar",
    ),
    ("swipe", "Swipe", "Шторка", "Cortina"),
    ("side-by-side", "Side by side", "Рядом", "Lado a lado"),
    ("layers", "Layers", "Слои", "Capas"),
    (
        "layers-shown",
        "Layers shown",
        "Видимые слои",
        "Capas visibles",
    ),
    ("language", "Language", "Язык", "Idioma"),
    // The language's own name, for the picker that links the pages.
    ("language-name", "English", "Русский", "Español"),
    (
        "map-help",
        "Map. Arrow keys pan, plus and minus zoom, 0 shows the whole map.",
        "Карта. Стрелки сдвигают, плюс и минус меняют масштаб, 0 показывает всю карту.",
        "Mapa. Las flechas desplazan, más y menos acercan y alejan, 0 muestra todo el mapa.",
    ),
    ("map", "Map", "Карта", "Mapa"),
    ("map-left", "Map, left", "Карта слева", "Mapa, izquierda"),
    ("map-right", "Map, right", "Карта справа", "Mapa, derecha"),
    (
        "divider",
        "Comparison divider",
        "Граница сравнения",
        "Separador de la comparación",
    ),
    ("scale", "Scale", "Масштаб", "Escala"),
    ("caption", "Caption", "Подпись", "Pie"),
    ("legend", "Legend", "Условные обозначения", "Leyenda"),
    ("no-phases", "No phases.", "Нет этапов.", "No hay fases."),
    ("dates", "Dates", "Даты", "Fechas"),
    ("power", "Power", "Власть", "Poder"),
    ("close", "Close", "Закрыть", "Cerrar"),
    ("from", "from {date}", "с {date}", "desde el {date}"),
    ("until", "until {date}", "до {date}", "hasta el {date}"),
    (
        "wheel-hint",
        "{key} + scroll to zoom the map",
        "{key} + колёсико: масштаб карты",
        "{key} + rueda para acercar el mapa",
    ),
    (
        "touch-hint",
        "Use two fingers to move the map",
        "Двигайте карту двумя пальцами",
        "Use dos dedos para mover el mapa",
    ),
    // Layer toggles, by the role of the theatre layer they draw.
    (
        "layer-control",
        "Who governs",
        "Кто правит",
        "Quién gobierna",
    ),
    (
        "layer-presence",
        "Troops present",
        "Присутствие войск",
        "Tropas presentes",
    ),
    ("layer-front", "Fronts", "Фронты", "Frentes"),
    ("layer-movement", "Movements", "Передвижения", "Movimientos"),
    ("layer-event", "Events", "События", "Acontecimientos"),
    (
        "layer-railways",
        "Railways",
        "Железные дороги",
        "Ferrocarriles",
    ),
    ("layer-places", "Towns", "Города", "Ciudades"),
    ("layer-borders", "Borders", "Границы", "Fronteras"),
    ("layer-rivers", "Rivers", "Реки", "Ríos"),
    (
        "layer-water",
        "Lakes and seas",
        "Озёра и моря",
        "Lagos y mares",
    ),
    ("layer-land", "Land", "Суша", "Tierra"),
    ("layer-labels", "Names", "Названия", "Nombres"),
];

/// Every key of the page's words.
pub fn page_word_keys() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|(k, ..)| *k)
}

/// Whether `key` is one of the page's words.
pub fn is_page_word(key: &str) -> bool {
    CATALOGUE.iter().any(|(k, ..)| *k == key)
}

/// The page's words in one language, every key present.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWords(BTreeMap<&'static str, String>);

impl PageWords {
    /// The words in `lang`: the engine's (English when it does not know
    /// `lang`), each replaced by `overrides` where it has the key.
    pub fn new(lang: &str, overrides: Option<&BTreeMap<String, String>>) -> Self {
        PageWords(
            CATALOGUE
                .iter()
                .map(|&(k, en, ru, es)| {
                    let own = match lang {
                        "ru" => ru,
                        "es" => es,
                        _ => en,
                    };
                    let w = overrides
                        .and_then(|o| o.get(k))
                        .map_or_else(|| own.to_string(), Clone::clone);
                    (k, w)
                })
                .collect(),
        )
    }

    /// The word for `key` (empty for a key not in the catalogue, which the
    /// tests rule out for every key the engine uses).
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }

    /// The word for `key` with `{name}` filled in by `value`.
    pub fn fill(&self, key: &str, name: &str, value: &str) -> String {
        self.get(key).replace(&format!("{{{name}}}"), value)
    }

    /// Every word, for the page's script.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
                .collect::<Map<String, Value>>(),
        )
    }

    /// Fills `{key}` placeholders of `template` with the words, each
    /// escaped by `escape`; any other `{name}` is taken from `slots`
    /// unescaped. An unknown name is left as written.
    pub fn fill_template(
        &self,
        template: &str,
        slots: &[(&str, &str)],
        escape: impl Fn(&str) -> String,
    ) -> String {
        let mut out = String::with_capacity(template.len() * 2);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let name = &after[..close];
            if let Some((_, v)) = slots.iter().find(|(n, _)| *n == name) {
                out.push_str(v);
            } else if let Some(w) = self.0.get(name) {
                out.push_str(&escape(w));
            } else {
                out.push_str(&rest[open..open + close + 2]);
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_in_every_language_once() {
        let mut keys: Vec<_> = page_word_keys().collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is listed twice");
        for &(k, en, ru, es) in CATALOGUE {
            assert!(
                !en.trim().is_empty() && !ru.trim().is_empty() && !es.trim().is_empty(),
                "{k}"
            );
            assert!(
                !ru.chars().any(|c| c.is_ascii_alphabetic()) || ru.contains('{'),
                "{k}: Russian {ru:?} has Latin letters"
            );
            let holes = |s: &str| s.matches('{').count();
            assert_eq!(holes(en), holes(ru), "{k}: placeholders differ");
            assert_eq!(holes(en), holes(es), "{k}: placeholders differ");
        }
    }

    #[test]
    fn a_theatre_overrides_a_word_and_other_languages_get_english() {
        let o: BTreeMap<String, String> = [("play".to_string(), "Lecture".to_string())].into();
        let fr = PageWords::new("fr", Some(&o));
        assert_eq!(fr.get("play"), "Lecture");
        assert_eq!(fr.get("pause"), "Pause");
        assert_eq!(PageWords::new("ru", None).get("pause"), "Пауза");
        assert_eq!(
            PageWords::new("ru", None).fill("from", "date", "5 мая 1920"),
            "с 5 мая 1920"
        );
    }

    #[test]
    fn templates_take_words_escaped_and_slots_as_given() {
        let o: BTreeMap<String, String> = [("play".to_string(), "<b>".to_string())].into();
        let w = PageWords::new("en", Some(&o));
        let esc = |s: &str| s.replace('<', "&lt;").replace('>', "&gt;");
        let got = w.fill_template("[{play}|{x}|{nope}|{pause}", &[("x", "<i>")], esc);
        assert_eq!(got, "[&lt;b&gt;|<i>|{nope}|Pause");
        assert_eq!(w.fill_template("a { b", &[], esc), "a { b");
    }
}
