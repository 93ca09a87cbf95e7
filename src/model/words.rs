//! The engine's own words on a map (dates, "situation on", "km", the
//! sources line) in the languages it knows; any other language gets
//! English. The theatre's and the style's texts come with them, not from here.

use super::Date;

mod page;
mod projection;
pub use page::{is_page_word, page_word_keys, PageWords};
pub use projection::describe as describe_projection;

/// The engine's words in one language.
#[derive(Debug)]
pub struct Words {
    /// Plain language tag.
    pub lang: &'static str,
    /// Month names as a date writes them ("21 August 1918", "21 августа 1918").
    pub months: [&'static str; 12],
    /// A day and its month: `{d}` the day, `{m}` the month's name
    /// ("21 August", "21 de agosto").
    pub day_month: &'static str,
    /// A month (or a day and month) and its year: `{m}`, `{y}`
    /// ("21 August 1918", "21 de agosto de 1918").
    pub month_year: &'static str,
    /// "situation on {date}".
    pub situation_on: &'static str,
    /// "phase {n} of {m}": the words before n, between n and m.
    pub phase_of: (&'static str, &'static str),
    /// The sources line: before the sources, before the projection, before the style name.
    pub sources: (&'static str, &'static str, &'static str),
    /// A projection's standard parallels: "standard parallel", "standard
    /// parallels", and the word between two of them.
    pub parallels: (&'static str, &'static str, &'static str),
    /// Quotation marks around a name.
    pub quotes: (&'static str, &'static str),
    /// Kilometres, after a number.
    pub km: &'static str,
    /// Between groups of three digits of a large number ("68,324",
    /// "68 324" with a no-break space in Russian and Spanish).
    pub digit_group: &'static str,
    /// Beside the scale bar.
    pub true_scale: &'static str,
    /// After the degrees of a graticule label: north, south, east, west.
    /// Latitudes stand in the narrow side margins, where only a letter
    /// fits: Russian leaves the north unmarked ("с. ш." would not fit).
    pub hemispheres: [&'static str; 4],
    /// The front teeth rule in the legend, around the owner's side as the
    /// theatre names it after "of" (`name_of`: "the Republicans", so
    /// "teeth face the enemy of the Republicans").
    pub teeth_of_side: (&'static str, &'static str),
    /// The same around the side's plain name, when the theatre gives no
    /// `name_of`: worded to read right for a plural ("Republicans"), a
    /// singular and a proper noun ("Denmark"), which take different
    /// articles ("teeth face away from Republicans").
    pub teeth_of_side_name: (&'static str, &'static str),
    /// The same around a power's name, when the owner has no side.
    pub teeth_of_power: (&'static str, &'static str),
    /// Alternative text: "Map", "of" (map n of m), "The situation on", "Key", "The key also has:".
    pub alt: [&'static str; 5],
    /// The animation's description: after its title ("{n}": the frames).
    pub animated: &'static str,
    /// The animation's alternative text ("{title}", "{n}", "{steps}").
    pub animated_alt: &'static str,
    /// After the theatre's title in the document title of a sheet's PDF.
    pub phases_compared: &'static str,
    /// A Wikimedia Commons description page's own words: the fields "Map
    /// date", "Location", "Projection", "Legend"; the permission
    /// ("{licence}", "{sources}"); the program in the sources list.
    pub commons: [&'static str; 6],
    /// A change map's own words ([`Words::fill`] fills the `{…}`): a
    /// presence label when troops arrived / left, the four change labels
    /// (held by x then y; unclaimed then y; x then unclaimed; unclaimed in
    /// both), the two legend sections, the line when nothing changed, the
    /// document title, the heading, and the line under it.
    pub change: [&'static str; 12],
}

const EN: Words = Words {
    lang: "en",
    months: super::date::MONTHS,
    day_month: "{d} {m}",
    month_year: "{m} {y}",
    situation_on: "situation on",
    phase_of: ("phase", "of"),
    sources: ("Sources:", "Projection:", "Made with phasemap, style"),
    parallels: ("standard parallel", "standard parallels", " and "),
    quotes: ("\u{201c}", "\u{201d}"),
    km: "km",
    digit_group: ",",
    true_scale: "true to scale at the map centre",
    hemispheres: ["N", "S", "E", "W"],
    teeth_of_side: ("teeth face the enemy of ", ""),
    teeth_of_side_name: ("teeth face away from ", ""),
    teeth_of_power: ("teeth face the enemy of ", ""),
    alt: ["Map", "of", "The situation on", "Key", "The key also has:"],
    animated: "animated map, {n} frames",
    animated_alt: "Animated map of {title} in {n} frames, one for each phase: {steps}.",
    phases_compared: "all phases compared",
    commons: [
        "Map date",
        "Location",
        "Projection",
        "Legend",
        "Published under {licence} (every data source allows it: {sources}).",
        "Drawn with phasemap",
    ],
    change: [
        "troops arrived by {phase}",
        "troops left after {phase}",
        "held by {x} in {a}, by {y} in {b}",
        "unclaimed in {a}, held by {y} in {b}",
        "held by {x} in {a}, unclaimed in {b}",
        "unclaimed in {a} and {b}",
        "Changed hands",
        "Troops arrived and left",
        "No territory changed hands.",
        "{title}: changes from {a} to {b}",
        "What changed hands: {a} \u{2192} {b}",
        "{b} compared with {a} \u{b7} hatched in the colour of the side that lost it \u{b7} territory that did not change hands faded",
    ],
};

const RU: Words = Words {
    lang: "ru",
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    day_month: "{d} {m}",
    month_year: "{m} {y}",
    situation_on: "обстановка на",
    phase_of: ("этап", "из"),
    sources: ("Источники:", "Проекция:", "Сделано в phasemap, стиль"),
    parallels: ("стандартная параллель", "стандартные параллели", " и "),
    quotes: ("\u{ab}", "\u{bb}"),
    km: "км",
    digit_group: "\u{a0}",
    true_scale: "масштаб верен в центре карты",
    hemispheres: [
        "",
        "\u{a0}ю.\u{a0}ш.",
        "\u{a0}в.\u{a0}д.",
        "\u{a0}з.\u{a0}д.",
    ],
    teeth_of_side: ("зубцы обращены к противнику ", ""),
    teeth_of_side_name: ("зубцы обращены к противнику стороны \u{ab}", "\u{bb}"),
    teeth_of_power: ("зубцы обращены к противнику: ", ""),
    alt: [
        "Карта",
        "из",
        "Обстановка на",
        "Условные обозначения",
        "Также в легенде:",
    ],
    animated: "анимированная карта, кадров: {n}",
    animated_alt:
        "Анимированная карта \u{ab}{title}\u{bb}, кадров: {n}, по одному на этап: {steps}.",
    phases_compared: "сравнение всех этапов",
    commons: [
        "Дата карты",
        "Местоположение",
        "Проекция",
        "Условные обозначения",
        "Публикуется по лицензии {licence} (её допускает каждый источник данных: {sources}).",
        "Нарисовано в phasemap",
    ],
    change: [
        "войска прибыли к {phase}",
        "войска ушли после {phase}",
        "в руках {x} в {a}, {y} в {b}",
        "ничья в {a}, в руках {y} в {b}",
        "в руках {x} в {a}, ничья в {b}",
        "ничья в {a} и {b}",
        "Перешло из рук в руки",
        "Войска прибыли и ушли",
        "Территория из рук в руки не переходила.",
        "{title}: изменения с \u{ab}{a}\u{bb} по \u{ab}{b}\u{bb}",
        "Что перешло из рук в руки: {a} \u{2192} {b}",
        "{b} в сравнении с {a} \u{b7} штриховка цветом стороны, потерявшей территорию \u{b7} территория, не сменившая владельца, бледнее",
    ],
};

const ES: Words = Words {
    lang: "es",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    day_month: "{d} de {m}",
    month_year: "{m} de {y}",
    situation_on: "situación al",
    phase_of: ("fase", "de"),
    sources: ("Fuentes:", "Proyección:", "Hecho con phasemap, estilo"),
    parallels: ("paralelo estándar", "paralelos estándar", " y "),
    quotes: ("\u{ab}", "\u{bb}"),
    km: "km",
    digit_group: "\u{a0}",
    true_scale: "escala exacta en el centro del mapa",
    hemispheres: ["N", "S", "E", "O"],
    teeth_of_side: ("los dientes miran al enemigo de ", ""),
    teeth_of_side_name: ("los dientes miran al enemigo del bando \u{ab}", "\u{bb}"),
    teeth_of_power: ("los dientes miran al enemigo de ", ""),
    alt: [
        "Mapa",
        "de",
        "Situación al",
        "Leyenda",
        "La leyenda también muestra:",
    ],
    animated: "mapa animado, {n} fotogramas",
    animated_alt: "Mapa animado de \u{ab}{title}\u{bb} en {n} fotogramas, uno por fase: {steps}.",
    phases_compared: "todas las fases comparadas",
    commons: [
        "Fecha del mapa",
        "Ubicación",
        "Proyección",
        "Leyenda",
        "Publicado bajo {licence} (todas las fuentes de datos lo permiten: {sources}).",
        "Dibujado con phasemap",
    ],
    change: [
        "tropas llegadas hasta {phase}",
        "tropas retiradas después de {phase}",
        "en manos de {x} en {a}, de {y} en {b}",
        "sin dueño en {a}, en manos de {y} en {b}",
        "en manos de {x} en {a}, sin dueño en {b}",
        "sin dueño en {a} y {b}",
        "Cambió de manos",
        "Tropas llegadas y retiradas",
        "Ningún territorio cambió de manos.",
        "{title}: cambios de \u{ab}{a}\u{bb} a \u{ab}{b}\u{bb}",
        "Qué cambió de manos: {a} \u{2192} {b}",
        "{b} comparado con {a} \u{b7} rayado en el color del bando que lo perdió \u{b7} en tono pálido el territorio que no cambió de manos",
    ],
};

/// The words for `lang` (English when the engine does not know it).
pub fn words(lang: &str) -> &'static Words {
    match lang {
        "ru" => &RU,
        "es" => &ES,
        _ => &EN,
    }
}

/// Languages' own names, for a language picker in a language the engine
/// has no words in (a reader looks for their language by its own name).
const ENDONYMS: [(&str, &str); 24] = [
    ("ar", "العربية"),
    ("be", "Беларуская"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("es", "Español"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hu", "Magyar"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("kk", "Қазақша"),
    ("ko", "한국어"),
    ("mn", "Монгол"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// `lang`'s own name, if phasemap knows it (`Español` for `es`).
pub fn endonym(lang: &str) -> Option<&'static str> {
    ENDONYMS.iter().find(|(t, _)| *t == lang).map(|(_, n)| *n)
}

impl Words {
    /// Whether the engine has its own words in `lang` (`check` says when not).
    pub fn knows(lang: &str) -> bool {
        words(lang).lang == lang
    }

    /// "21 August" ("21 de agosto"): `day` (a number, or "1–15") and a month.
    fn day_month(&self, day: &str, month: u8) -> String {
        self.day_month
            .replace("{m}", self.months[usize::from(month) - 1])
            .replace("{d}", day)
    }

    /// "21 August 1918" ("21 de agosto de 1918").
    fn with_year(&self, day_month: &str, year: i32) -> String {
        self.month_year
            .replace("{y}", &year.to_string())
            .replace("{m}", day_month)
    }

    /// "21 August 1918".
    pub fn date(&self, d: Date) -> String {
        self.with_year(&self.day_month(&d.day.to_string(), d.month), d.year)
    }

    /// A half-open interval `[start, end)`: the last day shown is the day before `end`.
    pub fn range(&self, start: Date, end_exclusive: Date) -> String {
        let last = end_exclusive.previous_day();
        if start.year == last.year {
            if start.month == last.month {
                let days = format!("{}\u{2013}{}", start.day, last.day);
                self.with_year(&self.day_month(&days, last.month), last.year)
            } else {
                format!(
                    "{} \u{2013} {}",
                    self.day_month(&start.day.to_string(), start.month),
                    self.date(last)
                )
            }
        } else {
            format!("{} \u{2013} {}", self.date(start), self.date(last))
        }
    }

    /// `template` with each `{name}` of `slots` replaced by its value.
    pub fn fill(template: &str, slots: &[(&str, &str)]) -> String {
        slots.iter().fold(template.to_string(), |t, (name, value)| {
            t.replace(&format!("{{{name}}}"), value)
        })
    }

    /// "phase 3 of 8".
    pub fn phase_of(&self, n: usize, of: usize) -> String {
        format!("{} {n} {} {of}", self.phase_of.0, self.phase_of.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_english_match_the_date_module_and_russian_uses_the_genitive() {
        let a = Date::parse("1920-01-05").unwrap();
        let b = Date::parse("1920-04-06").unwrap();
        assert_eq!(words("en").range(a, b), super::super::format_range(a, b));
        assert_eq!(words("en").date(a), a.long());
        assert_eq!(words("ru").range(a, b), "5 января \u{2013} 5 апреля 1920");
        assert_eq!(words("ru").date(b), "6 апреля 1920");
        assert_eq!(words("xx").lang, "en");
        assert!(Words::knows("ru") && Words::knows("es") && !Words::knows("fr"));
        // Spanish joins day, month and year with "de" (review 5, issue 20).
        let es = words("es");
        assert_eq!(es.date(a), "5 de enero de 1920");
        assert_eq!(es.range(a, b), "5 de enero \u{2013} 5 de abril de 1920");
        let c = Date::parse("1920-01-20").unwrap();
        assert_eq!(es.range(a, c), "5\u{2013}19 de enero de 1920");
        assert_eq!(words("en").range(a, c), "5\u{2013}19 January 1920");
        let d = Date::parse("1921-03-01").unwrap();
        assert_eq!(
            es.range(a, d),
            "5 de enero de 1920 \u{2013} 28 de febrero de 1921"
        );
    }
}
