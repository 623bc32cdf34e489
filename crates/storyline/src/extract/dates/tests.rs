//! Tests of the date tagger: one set of invented news sentences per
//! language, all published on Friday 2023-07-28 unless said otherwise.

use super::*;
use crate::lang::Lang;

const PUBLISHED: &str = "2023-07-28";

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Tags one text in one language and returns (text, type, value) triples.
fn run(lang: Lang, text: &str, anchor: Option<&str>) -> Vec<(String, &'static str, String)> {
    let sentences = [Sentence { start: 0, end: text.len(), language: lang }];
    tag(text, &sentences, anchor.map(d))
        .into_iter()
        .map(|t| {
            assert_eq!(&text[t.start..t.end], t.text, "span and text agree");
            (t.text, t.kind.as_str(), t.value)
        })
        .collect()
}

/// Asserts that every (text, value) pair was found, in any order.
fn expect(lang: Lang, text: &str, wanted: &[(&str, &str)]) {
    let found = run(lang, text, Some(PUBLISHED));
    for (t, v) in wanted {
        assert!(
            found.iter().any(|(ft, _, fv)| ft == t && fv == v),
            "{lang}: expected {t:?} = {v:?} in {found:?}"
        );
    }
}

fn kind_of(lang: Lang, text: &str, expr: &str) -> &'static str {
    run(lang, text, Some(PUBLISHED))
        .into_iter()
        .find(|(t, _, _)| t == expr)
        .unwrap_or_else(|| panic!("{expr:?} not found in {text:?}"))
        .1
}

#[test]
fn english_absolute_dates() {
    expect(
        Lang::EN,
        "The dam at Vellmar failed on 27 July 2023. Engineers had inspected it on July 3rd and again on \
         2023-07-20. A report dated 14/7/2023 and a memo of 12.07.2023 warned of cracks; a letter of 25/7 \
         went unanswered. Work began in March 2021.",
        &[
            ("27 July 2023", "2023-07-27"),
            ("July 3rd", "2023-07-03"),
            ("2023-07-20", "2023-07-20"),
            ("14/7/2023", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("25/7", "2023-07-25"),
            ("March 2021", "2021-03"),
        ],
    );
}

#[test]
fn english_weekdays_lean_to_the_past_unless_the_future_is_spoken_of() {
    expect(
        Lang::EN,
        "The council met on Thursday. It will vote on Monday. Protesters gathered last Wednesday. \
         The mayor spoke on Friday.",
        &[
            ("Thursday", "2023-07-27"),
            ("Monday", "2023-07-31"),
            ("last Wednesday", "2023-07-26"),
            ("Friday", "2023-07-28"),
        ],
    );
}

#[test]
fn english_relative_days_periods_and_months() {
    expect(
        Lang::EN,
        "The ferry sank yesterday. Talks resume next week. Prices rose last year and fell last month. \
         The strike began in June and a similar one took place last March. Rescuers worked on \
         Thursday morning and late on Wednesday. The inquiry reports tomorrow.",
        &[
            ("yesterday", "2023-07-27"),
            ("next week", "2023-W31"),
            ("last year", "2022"),
            ("last month", "2023-06"),
            ("June", "2023-06"),
            ("last March", "2023-03"),
            ("Thursday morning", "2023-07-27TMO"),
            ("late on Wednesday", "2023-07-26"),
            ("tomorrow", "2023-07-29"),
        ],
    );
}

#[test]
fn english_expressions_anchored_to_an_earlier_date() {
    expect(
        Lang::EN,
        "The general seized power on 26 July. Two months earlier he had been promoted. \
         The day after, the borders were closed. A day after being sworn in, he dissolved parliament.",
        &[
            ("26 July", "2023-07-26"),
            ("Two months earlier", "2023-05-26"),
            ("The day after", "2023-05-27"),
            // Anchored to an event, not a date: a duration, as TimeML writes it.
            ("A day", "P1D"),
        ],
    );
}

#[test]
fn english_vague_durations_and_sets() {
    let text = "Unrest has grown in recent years. The 1990s were calmer, and the past decade saw two coups. \
                The party has ruled for 20 years and meets every week. Since 2020 turnout has fallen; \
                the 20th century saw none of this. Now the future is unclear.";
    expect(
        Lang::EN,
        text,
        &[
            ("recent years", "PAST_REF"),
            ("1990s", "199"),
            ("the past decade", "P10Y"),
            ("20 years", "P20Y"),
            ("every week", "P1W"),
            ("2020", "2020"),
            ("the 20th century", "19"),
            ("Now", "PRESENT_REF"),
            ("the future", "FUTURE_REF"),
        ],
    );
    assert_eq!(kind_of(Lang::EN, text, "20 years"), "DURATION");
    assert_eq!(kind_of(Lang::EN, text, "every week"), "SET");
}

#[test]
fn english_times_of_day() {
    let text = "The blast came at 10:35 p.m. on Wednesday; a second followed at 4 a.m. Thursday.";
    expect(Lang::EN, text, &[("10:35 p.m.", "2023-07-26T22:35"), ("4 a.m. Thursday", "2023-07-27T04:00")]);
    assert_eq!(kind_of(Lang::EN, text, "10:35 p.m."), "TIME");
}

#[test]
fn ages_fractions_and_names_are_not_dates() {
    let found = run(
        Lang::EN,
        "A 6-year-old girl ate 3/8 of the cake. Jan Smith and 2,000 others sang.",
        Some(PUBLISHED),
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn without_an_anchor_relative_values_stay_unresolved() {
    let found = run(Lang::EN, "The ferry sank yesterday, on Thursday, in June. It was built on 4 May 1999.", None);
    let value = |t: &str| found.iter().find(|f| f.0 == t).map(|f| f.2.clone()).unwrap();
    assert_eq!(value("yesterday"), "XXXX-XX-XX");
    assert_eq!(value("Thursday"), "XXXX-WXX-4");
    assert_eq!(value("June"), "XXXX-06");
    assert_eq!(value("4 May 1999"), "1999-05-04");
}

#[test]
fn swedish() {
    expect(
        Lang::SV,
        "Bron i Lindås rasade den 27 juli 2023. Den hade besiktigats 3 juli och 2023-07-20. \
         Ett brev daterat 14/7 och ett protokoll från 12.07.2023 varnade för sprickor. \
         Kommunen höll krismöte i onsdags och ska fatta beslut nästa vecka. \
         Förra veckan stängdes en annan bro. Olyckan inträffade igår enligt polisen. \
         Arbetet pågick i juni och förra året var budgeten större. I fjol fanns inga larm. \
         Räddningstjänsten arbetade torsdag morgon och sent i onsdags. \
         Två månader tidigare hade bron renoverats. Dagen efter kom experterna. \
         Bron byggdes på 1990-talet och renoverades på 2010-talet. \
         Den har stått i 20 år och inspekteras varje vecka. Sedan 2020 har trafiken ökat. \
         Nu är läget lugnt. Nyligen byttes ledningen ut. För två år sedan var allt bra. \
         I år blir det inga fler arbeten. I somras var det varmt.",
        &[
            ("den 27 juli 2023", "2023-07-27"),
            ("3 juli", "2023-07-03"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("i onsdags", "2023-07-26"),
            ("nästa vecka", "2023-W31"),
            ("Förra veckan", "2023-W29"),
            ("igår", "2023-07-27"),
            ("juni", "2023-06"),
            ("förra året", "2022"),
            ("I fjol", "2022"),
            ("torsdag morgon", "2023-07-27TMO"),
            ("sent i onsdags", "2023-07-26"),
            ("Två månader tidigare", "2023-05-26"),
            ("Dagen efter", "2023-05-27"),
            ("1990-talet", "199"),
            ("2010-talet", "201"),
            ("20 år", "P20Y"),
            ("varje vecka", "P1W"),
            ("2020", "2020"),
            ("Nu", "PRESENT_REF"),
            ("Nyligen", "PAST_REF"),
            ("För två år sedan", "2021"),
            ("I år", "2023"),
            ("I somras", "2023-SU"),
        ],
    );
}

#[test]
fn swedish_future_weekday() {
    expect(Lang::SV, "Regeringen ska fatta beslut på måndag.", &[("på måndag", "2023-07-31")]);
}

#[test]
fn french() {
    expect(
        Lang::FR,
        "Le pont de Valmont s'est effondré le 27 juillet 2023. Il avait été inspecté le 3 juillet et le 2023-07-20. \
         Une lettre du 14/7 et un rapport du 12.07.2023 signalaient des fissures. \
         Le conseil s'est réuni mercredi dernier et se prononcera la semaine prochaine. \
         La semaine dernière, un autre pont a fermé. L'accident a eu lieu hier selon la police. \
         Les travaux ont eu lieu en juin et l'an dernier le budget était plus élevé. \
         Les secours ont travaillé jeudi matin. Deux mois plus tôt, le pont avait été rénové. \
         Le lendemain, les experts sont arrivés. Le pont a été construit dans les années 1990. \
         Il est resté debout pendant 20 ans et il est inspecté chaque semaine. Depuis 2020, le trafic augmente. \
         Maintenant la situation est calme. Récemment la direction a changé. Il y a deux ans tout allait bien.",
        &[
            ("le 27 juillet 2023", "2023-07-27"),
            ("le 3 juillet", "2023-07-03"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("mercredi dernier", "2023-07-26"),
            ("la semaine prochaine", "2023-W31"),
            ("La semaine dernière", "2023-W29"),
            ("hier", "2023-07-27"),
            ("juin", "2023-06"),
            ("l'an dernier", "2022"),
            ("jeudi matin", "2023-07-27TMO"),
            ("Deux mois plus tôt", "2023-05-27"),
            ("Le lendemain", "2023-05-28"),
            ("les années 1990", "199"),
            ("20 ans", "P20Y"),
            ("chaque semaine", "P1W"),
            ("2020", "2020"),
            ("Maintenant", "PRESENT_REF"),
            ("Récemment", "PAST_REF"),
            ("Il y a deux ans", "2021"),
        ],
    );
}

#[test]
fn german() {
    expect(
        Lang::DE,
        "Die Brücke in Talheim stürzte am 27. Juli 2023 ein. Sie war am 3. Juli und am 2023-07-20 geprüft worden. \
         Ein Brief vom 14/7 und ein Bericht vom 12.07.2023 warnten vor Rissen. \
         Der Rat tagte letzten Mittwoch und wird nächste Woche entscheiden. \
         Letzte Woche wurde eine andere Brücke gesperrt. Der Unfall geschah gestern, so die Polizei. \
         Die Arbeiten fanden im Juni statt, letztes Jahr war das Budget höher. \
         Die Helfer arbeiteten Donnerstag Morgen. Zwei Monate zuvor war die Brücke saniert worden. \
         Am Tag danach kamen die Gutachter. Die Brücke wurde in den 1990er Jahren gebaut. \
         Sie stand seit 20 Jahren und wird jede Woche geprüft. Seit 2020 wächst der Verkehr. \
         Jetzt ist die Lage ruhig. Kürzlich wechselte die Leitung. Vor zwei Jahren war alles gut.",
        &[
            ("27. Juli 2023", "2023-07-27"),
            ("3. Juli", "2023-07-03"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("letzten Mittwoch", "2023-07-26"),
            ("nächste Woche", "2023-W31"),
            ("Letzte Woche", "2023-W29"),
            ("gestern", "2023-07-27"),
            ("Juni", "2023-06"),
            ("letztes Jahr", "2022"),
            ("Donnerstag Morgen", "2023-07-27TMO"),
            ("Zwei Monate zuvor", "2023-05-27"),
            ("Am Tag danach", "2023-05-28"),
            ("1990er Jahren", "199"),
            ("20 Jahren", "P20Y"),
            ("jede Woche", "P1W"),
            ("2020", "2020"),
            ("Jetzt", "PRESENT_REF"),
            ("Kürzlich", "PAST_REF"),
            ("Vor zwei Jahren", "2021"),
        ],
    );
}

#[test]
fn spanish() {
    expect(
        Lang::ES,
        "El puente de Valdemoro se derrumbó el 27 de julio de 2023. Había sido inspeccionado el 3 de julio y el 2023-07-20. \
         Una carta del 14/7 y un informe del 12.07.2023 advertían de grietas. \
         El consejo se reunió el miércoles pasado y decidirá la próxima semana. \
         La semana pasada cerró otro puente. El accidente ocurrió ayer, según la policía. \
         Las obras fueron en junio y el año pasado el presupuesto era mayor. \
         Los bomberos trabajaron el jueves por la mañana. Dos meses antes el puente había sido renovado. \
         Al día siguiente llegaron los expertos. El puente se construyó en los años 90. \
         Ha resistido durante 20 años y se inspecciona cada semana. Desde 2020 el tráfico crece. \
         Ahora la situación está tranquila. Recientemente cambió la dirección. Hace dos años todo iba bien.",
        &[
            ("el 27 de julio de 2023", "2023-07-27"),
            ("el 3 de julio", "2023-07-03"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("miércoles pasado", "2023-07-26"),
            ("la próxima semana", "2023-W31"),
            ("La semana pasada", "2023-W29"),
            ("ayer", "2023-07-27"),
            ("junio", "2023-06"),
            ("el año pasado", "2022"),
            ("jueves por la mañana", "2023-07-27TMO"),
            ("Dos meses antes", "2023-05-27"),
            ("Al día siguiente", "2023-05-28"),
            ("los años 90", "199"),
            ("20 años", "P20Y"),
            ("cada semana", "P1W"),
            ("2020", "2020"),
            ("Ahora", "PRESENT_REF"),
            ("Recientemente", "PAST_REF"),
            ("Hace dos años", "2021"),
        ],
    );
}

#[test]
fn every_language_file_loads_and_builds() {
    for lang in crate::lang::FULL {
        assert!(!lexicon::lexicon(lang).patterns.is_empty());
    }
}

#[test]
fn english_modifiers_relative_years_and_reporting_periods() {
    let text = "Orvik Mining said second-quarter profit rose to $12 million from $9 million a year ago. \
                Sales in the year-ago quarter were lower. Output fell for nearly two years. \
                Earlier this month the mine reopened; it had closed in June last year. \
                The 30-day review ended over the weekend, two years after the strike.";
    expect(
        Lang::EN,
        text,
        &[
            ("second-quarter", "2023-Q2"),
            ("a year ago", "2022-Q2"),
            ("the year-ago quarter", "2022-Q2"),
            ("nearly two years", "P2Y"),
            ("Earlier this month", "2023-07"),
            ("June last year", "2022-06"),
            ("30-day", "P30D"),
            ("the weekend", "2023-W29-WE"),
            ("two years", "P2Y"),
        ],
    );
}

#[test]
fn relative_years_after_months_in_other_languages() {
    expect(Lang::FR, "Le pont avait été fermé en juin l'an dernier.", &[("juin l'an dernier", "2022-06")]);
    expect(Lang::SV, "Bron stängdes i juni förra året.", &[("juni förra året", "2022-06")]);
}

#[test]
fn swedish_definite_weekdays_are_the_days_told_of() {
    expect(
        Lang::SV,
        "På torsdagen samlades demonstranter. På fredagen talade generalen i tv.",
        &[("På torsdagen", "2023-07-27"), ("På fredagen", "2023-07-28")],
    );
}

#[test]
fn swedish_weekday_and_part_of_day_in_one_word() {
    expect(
        Lang::SV,
        "Strejken bröt ut på torsdagsmorgonen. Beslutet kom på onsdagskvällen. Nya samtal hålls på måndag kväll.",
        &[("på torsdagsmorgonen", "2023-07-27TMO"), ("på onsdagskvällen", "2023-07-26TEV"), ("på måndag kväll", "2023-07-31TEV")],
    );
}

/// Forms the coverage table marked as untested in French: future cues on
/// weekdays, modifiers, seasons, centuries, quarters, times, no anchor.
#[test]
fn french_coverage() {
    expect(
        Lang::FR,
        "Le maire a parlé mardi. Le conseil va voter lundi. Les travaux ont commencé début mars \
         et l'hiver dernier fut rude. Le pont date du 19e siècle. Au deuxième trimestre, les ventes \
         ont baissé. La séance a repris à 15h30.",
        &[
            ("mardi", "2023-07-25"),
            ("lundi", "2023-07-31"),
            ("début mars", "2023-03"),
            ("hiver dernier", "2022-WI"),
            ("19e siècle", "18"),
            ("deuxième trimestre", "2023-Q2"),
            ("15h30", "2023-07-28T15:30"),
        ],
    );
    let found = run(Lang::FR, "Le maire a parlé mardi.", None);
    assert_eq!(found[0].2, "XXXX-WXX-2", "{found:?}");
}

#[test]
fn german_coverage() {
    expect(
        Lang::DE,
        "Der Bürgermeister sprach am Dienstag. Der Rat wird am Montag abstimmen. Die Arbeiten begannen \
         Anfang März, die Brücke war im Juni letzten Jahres gesperrt worden. Der letzte Winter war hart. \
         Die Kirche stammt aus dem 19. Jahrhundert. Im zweiten Quartal sank der Umsatz. Die Sitzung \
         begann um 15.30 Uhr.",
        &[
            ("Dienstag", "2023-07-25"),
            ("Montag", "2023-07-31"),
            ("Anfang März", "2023-03"),
            ("Juni letzten Jahres", "2022-06"),
            ("letzte Winter", "2022-WI"),
            ("dem 19. Jahrhundert", "18"),
            ("zweiten Quartal", "2023-Q2"),
            ("15.30 Uhr", "2023-07-28T15:30"),
        ],
    );
    let found = run(Lang::DE, "Der Bürgermeister sprach am Dienstag.", None);
    assert_eq!(found[0].2, "XXXX-WXX-2", "{found:?}");
}

#[test]
fn spanish_coverage() {
    expect(
        Lang::ES,
        "El alcalde habló el martes. El consejo va a votar el lunes. Las obras empezaron a principios de \
         marzo y el invierno pasado fue duro. En el segundo trimestre bajaron las ventas. La sesión \
         se reanudó a las 15:30.",
        &[
            ("martes", "2023-07-25"),
            ("lunes", "2023-07-31"),
            ("a principios de marzo", "2023-03"),
            ("invierno pasado", "2022-WI"),
            ("el segundo trimestre", "2023-Q2"),
            ("15:30", "2023-07-28T15:30"),
        ],
    );
    let found = run(Lang::ES, "El alcalde habló el martes.", None);
    assert_eq!(found[0].2, "XXXX-WXX-2", "{found:?}");
}

#[test]
fn swedish_coverage() {
    expect(
        Lang::SV,
        "Kyrkan byggdes på 1800-talet. Under andra kvartalet sjönk försäljningen. Mötet började \
         klockan 15.30. Borgmästaren ska tala på måndag.",
        &[
            ("1800-talet", "18"),
            ("andra kvartalet", "2023-Q2"),
            ("15.30", "2023-07-28T15:30"),
            ("på måndag", "2023-07-31"),
        ],
    );
    let found = run(Lang::SV, "Borgmästaren talade i onsdags.", None);
    assert_eq!(found[0].2, "XXXX-WXX-3", "{found:?}");
}

/// Quarters without a year are the latest begun, unless the clause looks ahead.
#[test]
fn quarters_lean_to_the_latest_begun() {
    expect(
        Lang::EN,
        "Profit rose in the first quarter. Sales fell in the fourth quarter. The plant will reopen in the fourth quarter.",
        &[("the first quarter", "2023-Q1"), ("the fourth quarter", "2022-Q4"), ("the fourth quarter", "2023-Q4")],
    );
}

/// A bare hour is on the day last named, not the publication day.
#[test]
fn bare_times_take_the_day_last_named() {
    expect(
        Lang::EN,
        "The ferry sank on July 3. Rescuers arrived at 10 p.m. and searched until dawn.",
        &[("July 3", "2023-07-03"), ("10 p.m.", "2023-07-03T22:00")],
    );
    expect(Lang::EN, "The vote closes at 6 p.m.", &[("6 p.m.", "2023-07-28T18:00")]);
    expect(Lang::EN, "The offer expires at 5 p.m. EDT Aug. 9.", &[("5 p.m. EDT Aug. 9", "2023-08-09T17:00")]);
}

#[test]
fn half_units_are_written_in_the_smaller_unit() {
    expect(
        Lang::EN,
        "The talks lasted 5 1/2 hours. The project ran for 2 1/2 years and cost a couple of years of budget.",
        &[("5 1/2 hours", "PT5H30M"), ("2 1/2 years", "P2Y6M"), ("a couple of years", "P2Y")],
    );
}

#[test]
fn english_would_looks_ahead_but_not_for_a_possessive_date() {
    // Published Friday 2023-07-28.
    expect(
        Lang::EN,
        "The harbour master said the ferry would sail to Ostrand on Tuesday. \
         Fishermen said they would challenge Wednesday's ruling in court.",
        &[("Tuesday", "2023-08-01"), ("Wednesday", "2023-07-26")],
    );
    // A cue far before the date, still in its clause.
    expect(
        Lang::EN,
        "The Keldmouth airline will almost double its flights between the coast and the capital by December.",
        &[("December", "2023-12")],
    );
    // "next to" is a place, not a time.
    expect(Lang::EN, "A bomb went off next to the Vellmar town hall on Monday.", &[("Monday", "2023-07-24")]);
}

#[test]
fn swedish_and_german_conditionals_look_ahead() {
    expect(Lang::SV, "Ministern sa att hon skulle besöka Kalmar på tisdag.", &[("på tisdag", "2023-08-01")]);
    expect(Lang::DE, "Der Bürgermeister sagte, er würde am Dienstag nach Kassel reisen.", &[("Dienstag", "2023-08-01")]);
}

#[test]
fn non_ascii_words_match_in_either_case_and_no_break_spaces_count_as_spaces() {
    // The patterns fold ASCII case only; other letters are spelled out in both cases.
    expect(Lang::FR, "Été comme hiver, le marché ouvre. Le pont a rouvert le 27\u{a0}juillet.", &[("le 27\u{a0}juillet", "2023-07-27")]);
    expect(Lang::SV, "ÅR 2019 stängdes bruket. Förra Året var det tomt.", &[("Förra Året", "2022")]);
    expect(Lang::DE, "ÜBERMORGEN beginnt das Fest.", &[("ÜBERMORGEN", "2023-07-30")]);
    // "se cerró" (past) right before it: the last 3 August.
    expect(Lang::ES, "El puente se cerró el 3 de AGOSTO y reabrió el Miércoles.", &[("el 3 de AGOSTO", "2022-08-03"), ("Miércoles", "2023-07-26")]);
}

#[test]
fn english_plural_units_are_vague_stretches_not_periods() {
    let found = run(
        Lang::EN,
        "The Vellmar dam was finished in 1956. In the years that followed, floods grew rarer. \
         Engineers expect more repairs in the coming weeks.",
        Some(PUBLISHED),
    );
    assert!(found.iter().any(|(t, k, v)| t == "years" && *k == "DURATION" && v == "PXY"), "{found:?}");
    assert!(found.iter().any(|(t, k, v)| t == "the coming weeks" && *k == "DURATION" && v == "PXW"), "{found:?}");
}

#[test]
fn english_ages_shares_and_compounds_are_not_times() {
    let found = run(
        Lang::EN,
        "The ferry captain, 52 years old, said about three-quarters of the cargo was lost. \
         Sales rose 4% from the year-earlier level, and the day-to-day running of the port resumed.",
        Some(PUBLISHED),
    );
    for (t, _, _) in &found {
        assert!(!["years", "52 years", "three-quarters", "the year", "the day"].contains(&t.as_str()), "{t:?} in {found:?}");
    }
}

#[test]
fn english_years_said_in_words() {
    // Broadcast transcripts write years as spoken.
    expect(
        Lang::EN,
        "The Vellmar dam was built in nineteen seventy-nine and flooded in January nineteen ninety-seven.",
        &[("nineteen seventy-nine", "1979"), ("January nineteen ninety-seven", "1997-01")],
    );
    // A count of people is no year.
    let found = run(Lang::EN, "Nineteen people were rescued and twenty one were missing.", Some(PUBLISHED));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn holidays_in_each_language() {
    // Published Friday 2023-07-28; Easter 2023 fell on 9 April.
    expect(
        Lang::EN,
        "The Keldmouth ferry last ran at Christmas. It was inspected on Good Friday, and the new \
         timetable dates from Thanksgiving 2022.",
        &[("Christmas", "2022-12-25"), ("Good Friday", "2023-04-07"), ("Thanksgiving 2022", "2022-11-24")],
    );
    expect(Lang::SV, "Bron stängdes på midsommarafton och öppnar igen till julafton.", &[("midsommarafton", "2023-06-23")]);
    expect(Lang::DE, "Die Brücke ist seit Ostern gesperrt, Pfingsten fuhr kein Zug.", &[("Ostern", "2023-04-09"), ("Pfingsten", "2023-05-28")]);
    expect(Lang::FR, "Le pont est fermé depuis Noël.", &[("Noël", "2022-12-25")]);
    expect(Lang::ES, "El puente está cerrado desde Nochebuena.", &[("Nochebuena", "2022-12-24")]);
}

#[test]
fn english_a_year_said_by_its_end_is_a_fiscal_year() {
    let found = run(
        Lang::EN,
        "In 2022 the Keldmouth Ferry Company had record traffic. For the year ended March 31, it earned $4 million.",
        Some(PUBLISHED),
    );
    assert!(found.iter().any(|(t, k, v)| t == "the year" && *k == "DURATION" && v == "P1Y"), "{found:?}");
    // Without the end, "the year" is the year last named.
    expect(Lang::EN, "In 2022 the company had record traffic. For the year, it earned $4 million.", &[("the year", "2022")]);
}

/// Like [`expect`], published on Tuesday 2023-07-25.
fn expect_tuesday(lang: Lang, text: &str, wanted: &[(&str, &str)]) {
    let found = run(lang, text, Some("2023-07-25"));
    for (t, v) in wanted {
        assert!(
            found.iter().any(|(ft, _, fv)| ft == t && fv == v),
            "{lang}: expected {t:?} = {v:?} in {found:?}"
        );
    }
}

#[test]
fn a_time_followed_by_its_day_falls_on_that_day() {
    expect_tuesday(
        Lang::EN,
        "The ferry operator said on Tuesday that its crews would stop work from 6 a.m. on Thursday.",
        &[("Tuesday", "2023-07-25"), ("6 a.m.", "2023-07-27T06:00"), ("Thursday", "2023-07-27")],
    );
    expect_tuesday(Lang::EN, "The council will vote at 3 p.m. Friday.", &[("3 p.m. Friday", "2023-07-28T15:00")]);
    expect_tuesday(
        Lang::DE,
        "Die Gewerkschaft der Fährleute will um 15 Uhr am Donnerstag streiken.",
        &[("15 Uhr", "2023-07-27T15:00"), ("Donnerstag", "2023-07-27")],
    );
    expect_tuesday(
        Lang::FR,
        "Le syndicat des passeurs va débrayer à 15 heures jeudi.",
        &[("15 heures jeudi", "2023-07-27T15:00")],
    );
    expect_tuesday(
        Lang::SV,
        "Färjefacket ska strejka från klockan 15:00 på torsdag.",
        &[("15:00", "2023-07-27T15:00"), ("på torsdag", "2023-07-27")],
    );
    expect_tuesday(
        Lang::ES,
        "El sindicato de barqueros va a parar a las 15:00 del jueves.",
        &[("15:00", "2023-07-27T15:00"), ("jueves", "2023-07-27")],
    );
    // A bare hour after "kl." is a time; after "at" it is not.
    expect_tuesday(
        Lang::SV,
        "Färjefacket ska strejka kl. 15 på torsdag.",
        &[("15", "2023-07-27T15:00"), ("på torsdag", "2023-07-27")],
    );
    assert!(run(Lang::EN, "Shares closed at 15 on Monday.", Some("2023-07-25")).iter().all(|(_, k, _)| *k != "TIME"));
    // "a las 15 horas" is a time, not a duration of fifteen hours.
    expect_tuesday(
        Lang::ES,
        "El sindicato de barqueros va a parar a las 15 horas del jueves.",
        &[("15 horas", "2023-07-27T15:00"), ("jueves", "2023-07-27")],
    );
    // Without a day right after it, a time keeps the day last named.
    expect_tuesday(
        Lang::EN,
        "Crews stopped work on Sunday. The strike ended at 6 p.m., and on Thursday talks resume.",
        &[("6 p.m.", "2023-07-23T18:00")],
    );
}

#[test]
fn an_uncued_weekday_follows_the_direction_of_the_one_before_it() {
    expect_tuesday(
        Lang::EN,
        "The museum said it would reopen its east wing on Wednesday and asked visitors holding \
         tickets for Thursday and Friday to rebook them online.",
        &[("Wednesday", "2023-07-26"), ("Thursday", "2023-07-27"), ("Friday", "2023-07-28")],
    );
    // Past too: "last Friday" sets the direction, not the earlier "would".
    expect_tuesday(
        Lang::EN,
        "The museum said it would reopen on Wednesday after staff found damp in the vaults last \
         Friday and Saturday.",
        &[("Wednesday", "2023-07-26"), ("last Friday", "2023-07-21"), ("Saturday", "2023-07-22")],
    );
    // A new sentence starts afresh: news leans to the past.
    expect_tuesday(
        Lang::EN,
        "The museum will reopen on Wednesday. Visitors who came on Thursday were turned away.",
        &[("Wednesday", "2023-07-26"), ("Thursday", "2023-07-20")],
    );
    expect_tuesday(
        Lang::DE,
        "Der Zoo teilte mit, er würde das Affenhaus am Mittwoch nach langer Sanierung wieder öffnen, \
         und bat alle Besucher mit Eintrittskarten für Donnerstag und Freitag, diese umzutauschen.",
        &[("Mittwoch", "2023-07-26"), ("Donnerstag", "2023-07-27"), ("Freitag", "2023-07-28")],
    );
    expect_tuesday(
        Lang::SV,
        "Bolaget meddelade att det ska öppna den nya terminalen på onsdag efter ombyggnaden och bad \
         alla resenärer med biljetter för torsdag och fredag att kontrollera sina avgångar.",
        &[("på onsdag", "2023-07-26"), ("torsdag", "2023-07-27"), ("fredag", "2023-07-28")],
    );
    expect_tuesday(
        Lang::FR,
        "La mairie a indiqué qu'elle devrait rouvrir la piscine municipale mercredi après les travaux, \
         et a invité les baigneurs inscrits pour jeudi et vendredi à vérifier leurs créneaux.",
        &[("mercredi", "2023-07-26"), ("jeudi", "2023-07-27"), ("vendredi", "2023-07-28")],
    );
}

/// Future verb forms and periphrastic futures make a bare weekday look
/// ahead; past forms and nouns that merely look like futures do not.
/// Published Friday 2023-07-28: Monday ahead is 07-31, Monday before 07-24.
#[test]
fn future_tense_cues_in_french_and_spanish() {
    for (text, value) in [
        ("Le ministre des transports annoncera jeudi sa décision sur le tunnel.", "2023-08-03"),
        ("Le conseil régional se réunira lundi à Valmont.", "2023-07-31"),
        ("La cérémonie aura lieu mardi devant la mairie.", "2023-08-01"),
        ("Les dockers manifesteront mercredi dans le port.", "2023-08-02"),
        ("Le préfet va annoncer lundi de nouvelles mesures.", "2023-07-31"),
        ("Il a dit qu'il signerait l'accord lundi.", "2023-07-31"),
        ("La ministre pourrait se rendre à Valmont mardi.", "2023-08-01"),
        // Past forms, a passé simple and nouns stay in the past.
        ("Le ministre a annoncé jeudi sa décision.", "2023-07-27"),
        ("Le maire déclara lundi que tout allait bien.", "2023-07-24"),
        ("Le retrait des camions a commencé lundi.", "2023-07-24"),
        ("Sur le front nord, les combats ont repris lundi.", "2023-07-24"),
        ("Selon Laura Vidal, le camion est reparti lundi.", "2023-07-24"),
    ] {
        expect(Lang::FR, text, &[(text_weekday(text, FR_DAYS), value)]);
    }
    for (text, value) in [
        ("El ministro anunciará el jueves su decisión sobre el túnel.", "2023-08-03"),
        ("El consejo regional se reunirá el lunes en Valmonte.", "2023-07-31"),
        ("Los estibadores celebrarán una marcha el miércoles.", "2023-08-02"),
        ("El gobernador va a celebrar una reunión el martes.", "2023-08-01"),
        ("El alcalde dijo que firmaría el acuerdo el lunes.", "2023-07-31"),
        ("La ministra podría visitar Valmonte el martes.", "2023-08-01"),
        // Past forms and nouns ending like a conditional stay in the past.
        ("El ministro anunció el jueves su decisión.", "2023-07-27"),
        ("La mayoría de los vecinos votó el lunes.", "2023-07-24"),
        ("La artillería disparó el lunes contra el puente.", "2023-07-24"),
    ] {
        expect(Lang::ES, text, &[(text_weekday(text, ES_DAYS), value)]);
    }
}

/// German "wird … am Donnerstag" and Swedish "ska", "kommer att" look ahead
/// even with words between the cue and the day.
#[test]
fn future_tense_cues_in_german_and_swedish() {
    expect(Lang::DE, "Die Regierung wird nach langer Debatte am Donnerstag entscheiden.", &[("Donnerstag", "2023-08-03")]);
    expect(Lang::DE, "Der Stadtrat werde am Montag über den Haushalt beraten, hieß es.", &[("Montag", "2023-07-31")]);
    expect(Lang::DE, "Die Regierung hat am Donnerstag entschieden.", &[("Donnerstag", "2023-07-27")]);
    expect(Lang::SV, "Styrelsen kommer att fatta beslut på torsdag.", &[("på torsdag", "2023-08-03")]);
    expect(Lang::SV, "Ministern ska enligt planen besöka hamnen på måndag.", &[("på måndag", "2023-07-31")]);
    expect(Lang::SV, "Ministern besökte hamnen i måndags.", &[("i måndags", "2023-07-24")]);
}

const FR_DAYS: &[&str] = &["lundi", "mardi", "mercredi", "jeudi"];
const ES_DAYS: &[&str] = &["lunes", "martes", "miércoles", "jueves"];

/// The weekday named in a test sentence.
fn text_weekday(text: &str, days: &[&'static str]) -> &'static str {
    days.iter().copied().find(|d| text.contains(d)).expect("a weekday in the sentence")
}

/// A past verb right before an undated date makes it the last one, even in
/// a clause that otherwise speaks of the future; a participle after "be"
/// does not ("will be closed on Monday").
#[test]
fn english_past_verb_right_before_a_date() {
    // Published Friday 2023-07-28.
    expect(
        Lang::EN,
        "The fishermen said they would appeal the ruling, announced Wednesday by the harbour board.",
        &[("Wednesday", "2023-07-26")],
    );
    expect(Lang::EN, "In the fiscal year ended Oct. 31, the Ostrand ferry line lost money.", &[("Oct. 31", "2022-10-31")]);
    expect(Lang::EN, "The Ostrand ferry line's offer runs to Oct. 31.", &[("Oct. 31", "2023-10-31")]);
    expect(Lang::EN, "The Vellmar bridge will be closed Monday for repairs.", &[("Monday", "2023-07-31")]);
    expect(Lang::EN, "The council meeting is scheduled Monday.", &[("Monday", "2023-07-31")]);
    // Without the past verb the ruling leans ahead with "would".
    expect(Lang::EN, "The fishermen said they would appeal the ruling Wednesday.", &[("Wednesday", "2023-08-02")]);
}

/// The forms issue #3 lists, one text per language (published Friday
/// 2023-07-28): absolute dates in each written form, weekdays with their
/// cues, relative days, periods and months, dates counted from an earlier
/// date, and vague or partial expressions. "The day after" a month names no
/// day and stays unresolved.
#[test]
fn issue_forms_swedish() {
    expect(
        Lang::SV,
        "Bron i Ekeby rasade den 27 juli 2023. Den besiktigades 27 juli, den 2023-07-20, den 14/7 och den \
         12.07.2023. Kommunen larmades sent i onsdags och ska besluta nästa vecka. Igår stängdes vägen. \
         Förra året var trafiken lägre, och i mars förra året stängdes bron. Två månader tidigare hade den \
         renoverats. Under de senaste åren har trafiken ökat, under det senaste decenniet ännu mer. Sedan \
         2020 är bron smal. På 1990-talet byggdes vägen och på 2010-talet breddades den. Räddningen började \
         torsdag morgon.",
        &[
            ("den 27 juli 2023", "2023-07-27"),
            ("27 juli", "2023-07-27"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("sent i onsdags", "2023-07-26"),
            ("nästa vecka", "2023-W31"),
            ("Igår", "2023-07-27"),
            ("Förra året", "2022"),
            ("mars förra året", "2022-03"),
            ("Två månader tidigare", "2022-01"),
            ("Under de senaste åren", "PXY"),
            ("under det senaste decenniet", "P10Y"),
            ("2020", "2020"),
            ("1990-talet", "199"),
            ("2010-talet", "201"),
            ("torsdag morgon", "2023-07-27TMO"),
        ],
    );
    expect(
        Lang::SV,
        "Räddningen började i onsdags kväll och avslutades i torsdags morse.",
        &[("i torsdags morse", "2023-07-27TMO"), ("i onsdags kväll", "2023-07-26TEV")],
    );
}

#[test]
fn issue_forms_french() {
    expect(
        Lang::FR,
        "Le pont de Valmont s'est effondré le 27 juillet 2023. Il avait été inspecté le 27 juillet, le \
         2023-07-20, le 14/7 et le 12.07.2023. La mairie a été alertée tard mercredi et décidera la semaine \
         prochaine. Hier, la route a été fermée. L'an dernier le trafic était plus faible, et en mars dernier \
         le pont a fermé. Deux mois plus tôt il avait été rénové, et le lendemain les experts sont arrivés. \
         Ces dernières années le trafic a augmenté ; au cours de la dernière décennie, encore plus. Ces \
         dernières semaines, il a plu. Depuis 2020 le pont est étroit. Dans les années 1990 la route a été \
         construite. Les secours ont commencé jeudi matin. Le mardi 25 juillet, la police a fermé le pont.",
        &[
            ("le 27 juillet 2023", "2023-07-27"),
            ("le 27 juillet", "2023-07-27"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("tard mercredi", "2023-07-26"),
            ("la semaine prochaine", "2023-W31"),
            ("Hier", "2023-07-27"),
            ("L'an dernier", "2022"),
            ("mars dernier", "2023-03"),
            ("Deux mois plus tôt", "2023-01"),
            ("le lendemain", "XXXX-XX-XX"),
            ("Ces dernières années", "PAST_REF"),
            ("la dernière décennie", "P10Y"),
            ("Ces dernières semaines", "PXW"),
            ("2020", "2020"),
            ("les années 1990", "199"),
            ("jeudi matin", "2023-07-27TMO"),
            ("mardi 25 juillet", "2023-07-25"),
        ],
    );
}

#[test]
fn issue_forms_german() {
    expect(
        Lang::DE,
        "Die Brücke in Talheim stürzte am 27. Juli 2023 ein. Sie war am 27. Juli, am 2023-07-20, am 14/7 und \
         am 12.07.2023 geprüft worden. Die Stadt wurde spät am Mittwoch alarmiert und wird nächste Woche \
         entscheiden. Gestern wurde die Straße gesperrt. Im vergangenen Jahr war der Verkehr geringer, im \
         März letzten Jahres wurde die Brücke gesperrt. Zwei Monate zuvor war sie saniert worden, am Tag \
         danach kamen die Experten. In den letzten Jahren ist der Verkehr gestiegen. In den vergangenen \
         Wochen hat es geregnet. Seit 2020 ist die Brücke schmal. In den 1990er Jahren wurde die Straße \
         gebaut. Die Retter begannen am Donnerstag Morgen.",
        &[
            ("27. Juli 2023", "2023-07-27"),
            ("27. Juli", "2023-07-27"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("spät am Mittwoch", "2023-07-26"),
            ("nächste Woche", "2023-W31"),
            ("Gestern", "2023-07-27"),
            ("Im vergangenen Jahr", "2022"),
            ("März letzten Jahres", "2022-03"),
            ("Zwei Monate zuvor", "2022-01"),
            ("am Tag danach", "XXXX-XX-XX"),
            ("In den letzten Jahren", "PAST_REF"),
            ("den vergangenen Wochen", "PXW"),
            ("2020", "2020"),
            ("1990er Jahren", "199"),
            ("Donnerstag Morgen", "2023-07-27TMO"),
        ],
    );
}

#[test]
fn issue_forms_spanish() {
    expect(
        Lang::ES,
        "El puente de Valmonte se derrumbó el 27 de julio de 2023. Había sido inspeccionado el 27 de julio, \
         el 2023-07-20, el 14/7 y el 12.07.2023. El ayuntamiento fue alertado el miércoles pasado y decidirá \
         la próxima semana. Ayer se cerró la carretera. El año pasado el tráfico era menor, y en marzo del \
         año pasado se cerró el puente. Dos meses antes había sido renovado, y al día siguiente llegaron los \
         expertos. En los últimos años el tráfico ha aumentado, y en la última década aún más. Durante \
         semanas esperaron. Desde 2020 el puente es estrecho. En los años 90 se construyó la carretera. Los \
         rescatistas empezaron el jueves por la mañana.",
        &[
            ("el 27 de julio de 2023", "2023-07-27"),
            ("el 27 de julio", "2023-07-27"),
            ("2023-07-20", "2023-07-20"),
            ("14/7", "2023-07-14"),
            ("12.07.2023", "2023-07-12"),
            ("miércoles pasado", "2023-07-26"),
            ("la próxima semana", "2023-W31"),
            ("Ayer", "2023-07-27"),
            ("El año pasado", "2022"),
            ("marzo del año pasado", "2022-03"),
            ("Dos meses antes", "2022-01"),
            ("al día siguiente", "XXXX-XX-XX"),
            ("los últimos años", "PAST_REF"),
            ("la última década", "P10Y"),
            ("semanas", "PXW"),
            ("2020", "2020"),
            ("los años 90", "199"),
            ("jueves por la mañana", "2023-07-27TMO"),
        ],
    );
}

/// A plural unit without a count is a vague stretch in every language, and
/// a count still makes an exact duration.
#[test]
fn plural_units_without_a_count_are_vague_in_every_language() {
    expect(Lang::EN, "Over the past years the Keldmouth ferry lost money.", &[("the past years", "PXY")]);
    expect(Lang::SV, "Färjan har stått still i veckor, och i tre veckor till.", &[("veckor", "PXW"), ("tre veckor", "P3W")]);
    expect(Lang::FR, "Le bac est à quai depuis des semaines, et pour trois semaines encore.", &[("semaines", "PXW"), ("trois semaines", "P3W")]);
    expect(Lang::DE, "Die Fähre liegt seit Wochen still, und noch drei Wochen lang.", &[("Wochen", "PXW"), ("drei Wochen", "P3W")]);
    expect(Lang::ES, "El ferry lleva semanas parado, y tres semanas más.", &[("semanas", "PXW"), ("tres semanas", "P3W")]);
}

/// German writes a weekday and its part of day as one word.
#[test]
fn german_weekday_and_part_of_day_in_one_word() {
    expect(
        Lang::DE,
        "Die Retter begannen am Donnerstagmorgen. Die Entscheidung fiel am Mittwochabend. \
         Der Minister wird am Montagnachmittag in Talheim sprechen.",
        &[
            ("Donnerstagmorgen", "2023-07-27TMO"),
            ("Mittwochabend", "2023-07-26TEV"),
            ("Montagnachmittag", "2023-07-31TAF"),
        ],
    );
}

/// Centuries in Roman numerals, the century word before or after.
#[test]
fn centuries_in_roman_numerals() {
    expect(Lang::ES, "La iglesia de Valmonte data del siglo XIX y fue ampliada en el siglo XX.", &[("siglo XIX", "18"), ("el siglo XX", "19")]);
    expect(Lang::FR, "L'église de Valmont date du XIXe siècle.", &[("XIXe siècle", "18")]);
    expect(Lang::ES, "La muralla data del siglo XVIII.", &[("siglo XVIII", "17")]);
}

/// Spanish: a weekday with no cue of its own follows the direction of the
/// one before it in its clause.
#[test]
fn spanish_uncued_weekday_follows_the_one_before_it() {
    expect(
        Lang::ES,
        "La naviera dijo que el ferry reabrirá el miércoles y que hay billetes para el jueves y el viernes.",
        &[("miércoles", "2023-08-02"), ("jueves", "2023-08-03"), ("viernes", "2023-07-28")],
    );
}

/// A limit word ("until", "till och med", "bis", "jusqu'à", "hasta") makes a
/// weekday look ahead, unless a past verb form tells its clause in the past;
/// a planned event ("prévu lundi") looks ahead too.
#[test]
fn limits_look_ahead_unless_told_in_the_past() {
    expect(Lang::EN, "Residents can collect sandbags until Sunday.", &[("Sunday", "2023-07-30")]);
    expect(Lang::EN, "The curfew lasted until Sunday.", &[("Sunday", "2023-07-23")]);
    expect(Lang::EN, "Until Sunday, officials had not named the victims.", &[("Sunday", "2023-07-23")]);
    expect(Lang::SV, "Den som har biljett till och med söndag kan boka om.", &[("söndag", "2023-07-30")]);
    expect(Lang::SV, "Förhandlingarna pågick till söndag.", &[("söndag", "2023-07-23")]);
    expect(Lang::DE, "Wer bis einschließlich Sonntag gebucht hat, kann umbuchen.", &[("Sonntag", "2023-07-30")]);
    expect(Lang::DE, "Die Sperre dauerte bis Sonntag.", &[("Sonntag", "2023-07-23")]);
    expect(Lang::FR, "Les billets restent valables jusqu'à dimanche.", &[("dimanche", "2023-07-30")]);
    expect(Lang::FR, "La grève a duré jusqu'à dimanche.", &[("dimanche", "2023-07-23")]);
    expect(Lang::FR, "Le recomptage, prévu lundi, mobilise la commune.", &[("lundi", "2023-07-31")]);
    expect(Lang::ES, "Los billetes son válidos hasta el domingo.", &[("domingo", "2023-07-30")]);
    expect(Lang::ES, "La huelga duró hasta el domingo.", &[("domingo", "2023-07-23")]);
}

/// A weekday followed by the week it falls in: that day of that week.
#[test]
fn a_weekday_of_a_named_week() {
    expect(Lang::EN, "The ferry sank on Tuesday last week.", &[("Tuesday last week", "2023-07-18")]);
    expect(Lang::EN, "The board meets on Monday next week.", &[("Monday next week", "2023-07-31")]);
    expect(Lang::SV, "Strejken bröt ut i tisdags förra veckan.", &[("i tisdags förra veckan", "2023-07-18")]);
    expect(Lang::DE, "Das Feuer brach am Dienstag letzter Woche aus.", &[("Dienstag letzter Woche", "2023-07-18")]);
    expect(Lang::FR, "Le ferry a coulé mardi de la semaine dernière.", &[("mardi de la semaine dernière", "2023-07-18")]);
    expect(Lang::ES, "El ferry se hundió el martes de la semana pasada.", &[("martes de la semana pasada", "2023-07-18")]);
}
