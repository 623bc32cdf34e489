//! Labelled sentences about invented events for measuring language
//! identification: documents in each full language, some quoting another.

use super::super::analyze_text;
use crate::lang::Lang;

/// Documents as (document language, [(sentence language, sentence)]).
const DOCS: &[(&str, &[(&str, &str)])] = &[
    (
        "en",
        &[
            (
                "en",
                "Heavy rain flooded the lower town of Marlow on Sunday night.",
            ),
            (
                "en",
                "Firefighters evacuated about 300 residents from their homes.",
            ),
            ("en", "The mayor said the river had never risen so fast."),
            ("en", "Schools will stay closed until Wednesday."),
            ("en", "It is the third flood in the region this year."),
            ("en", "Insurers expect claims worth several million pounds."),
            (
                "en",
                "Power was restored to most streets by Monday afternoon.",
            ),
            (
                "en",
                "Mr. Doyle, who runs a bakery near the bridge, lost all his stock.",
            ),
        ],
    ),
    (
        "en",
        &[
            (
                "en",
                "Thousands marched through Vaulnes on Saturday against the new pension law.",
            ),
            (
                "fr",
                "\"Nous ne lâcherons rien, nous serons encore là la semaine prochaine.\"",
            ),
            (
                "en",
                "Police estimated the crowd at 12,000, organisers at twice that.",
            ),
            (
                "fr",
                "\"Le gouvernement doit retirer cette réforme avant la fin du mois\", a déclaré un syndicaliste.",
            ),
            (
                "en",
                "The labour minister is expected to meet union leaders on Tuesday.",
            ),
            (
                "fr",
                "« C'est une question de dignité pour tous les travailleurs », a-t-elle ajouté.",
            ),
            (
                "en",
                "The reform would raise the retirement age by two years.",
            ),
            ("en", "A similar protest in April ended peacefully."),
        ],
    ),
    (
        "sv",
        &[
            (
                "sv",
                "Ett kraftigt oväder drog in över Västkusten under natten till tisdag.",
            ),
            (
                "sv",
                "Flera tusen hushåll blev utan ström när träd föll över ledningarna.",
            ),
            (
                "sv",
                "Räddningstjänsten fick larm om översvämningar i Kungsbacka.",
            ),
            ("sv", "Enligt SMHI kan det bli mer regn under helgen."),
            (
                "sv",
                "Tågtrafiken mellan Göteborg och Varberg ställdes in i flera timmar.",
            ),
            ("sv", "I onsdags öppnades vägen igen."),
            ("sv", "Kommunen har inte kunnat säga när skolorna öppnar."),
            (
                "en",
                "\"We have never seen anything like this in our village,\" said a British tourist.",
            ),
        ],
    ),
    (
        "fr",
        &[
            (
                "fr",
                "Un incendie a ravagé plus de 2 000 hectares de forêt près de Lorvenne.",
            ),
            (
                "fr",
                "Les pompiers luttent contre les flammes depuis jeudi soir.",
            ),
            ("fr", "Selon la préfecture, aucun blessé n'a été signalé."),
            ("fr", "Plusieurs villages ont été évacués par précaution."),
            (
                "fr",
                "Le vent devrait faiblir dans la nuit, ce qui pourrait aider les secours.",
            ),
            (
                "fr",
                "M. Castel, maire de la commune, a salué le courage des habitants.",
            ),
            (
                "en",
                "\"The fire is moving faster than anything we have seen,\" said a Canadian firefighter sent to help.",
            ),
            ("fr", "L'origine du sinistre reste inconnue."),
        ],
    ),
    (
        "de",
        &[
            (
                "de",
                "Am 14. März ist in Kellbach eine Brücke über den Fluss eingestürzt.",
            ),
            (
                "de",
                "Zwei Autos fielen ins Wasser, die Insassen konnten sich retten.",
            ),
            (
                "de",
                "Die Polizei sperrte die Straße für den gesamten Verkehr.",
            ),
            (
                "de",
                "Nach Angaben der Stadt war die Brücke erst im vergangenen Jahr geprüft worden.",
            ),
            ("de", "Der Bürgermeister kündigte eine Untersuchung an."),
            (
                "de",
                "Ein Sprecher des Verkehrsministeriums wollte sich nicht äußern.",
            ),
            ("de", "Die Reparatur könnte mehrere Monate dauern."),
            (
                "de",
                "Anwohner hatten schon lange über Risse im Beton geklagt.",
            ),
        ],
    ),
    (
        "es",
        &[
            (
                "es",
                "Un terremoto de magnitud 5,8 sacudió el martes la provincia de Valdora.",
            ),
            (
                "es",
                "Las autoridades informaron de daños en varias viviendas antiguas.",
            ),
            (
                "es",
                "No se han registrado víctimas mortales, según el último balance.",
            ),
            ("es", "El presidente regional pidió calma a la población."),
            (
                "es",
                "Los colegios permanecerán cerrados hasta que se revisen los edificios.",
            ),
            (
                "es",
                "La Sra. Molina, vecina del centro, pasó la noche en la calle con sus hijos.",
            ),
            (
                "en",
                "\"It was the strongest shaking I have ever felt in my life,\" said an American student.",
            ),
            (
                "es",
                "Los expertos no descartan nuevas réplicas en los próximos días.",
            ),
        ],
    ),
    (
        "sv",
        &[
            (
                "sv",
                "Regeringen presenterade på torsdagen ett nytt förslag om skatten på bensin.",
            ),
            ("sv", "I onsdags."),
            ("sv", "Oppositionen är kritisk."),
            (
                "sv",
                "– Det här är ett svek mot alla som bor på landsbygden, säger Anna Berg.",
            ),
            (
                "en",
                "\"This is a bold step and we hope other countries will follow it,\" said an American economist.",
            ),
            ("sv", "Beslutet väntas tas i riksdagen före jul."),
            ("sv", "Bl.a. Centerpartiet har krävt en utredning."),
        ],
    ),
    (
        "fr",
        &[
            (
                "fr",
                "Le Premier ministre a annoncé mardi un plan de soutien aux agriculteurs.",
            ),
            ("fr", "Il sera présenté au Parlement la semaine prochaine."),
            ("fr", "Les syndicats restent sceptiques."),
            (
                "de",
                "„Wir werden die Entwicklung in Frankreich sehr genau beobachten und mit unseren Partnern sprechen“, sagte ein Sprecher der Regierung in Berlin.",
            ),
            ("fr", "Le plan coûtera environ 1,5 milliard d'euros."),
            (
                "fr",
                "M. Lefort, président de la chambre d'agriculture, a salué « un premier pas ».",
            ),
        ],
    ),
    (
        "en",
        &[
            (
                "en",
                "The central bank raised its main interest rate by half a point on Thursday.",
            ),
            ("en", "It was the fourth increase this year."),
            (
                "es",
                "\"Esta decisión llega demasiado tarde para las familias que ya no pueden pagar sus hipotecas\", dijo un portavoz de la oposición.",
            ),
            ("en", "Markets reacted calmly."),
            (
                "en",
                "Analysts had expected the move after inflation rose to 7 percent in May.",
            ),
            (
                "sv",
                "\"Vi har inte sett en sådan ökning sedan början av nittiotalet och det oroar oss mycket\", sade en svensk ekonom.",
            ),
            ("en", "The next decision is due in September."),
        ],
    ),
    (
        "de",
        &[
            (
                "de",
                "Die Regierung in Berlin hat am Freitag ein neues Klimagesetz beschlossen.",
            ),
            (
                "en",
                "\"This is a turning point for the whole of Europe and for our industry,\" said a British observer.",
            ),
            (
                "de",
                "Opposition und Umweltverbände kritisierten das Gesetz als zu schwach.",
            ),
            (
                "fr",
                "« Nous attendons maintenant des actes concrets de la part de nos voisins », a réagi un ministre français.",
            ),
            ("de", "Das Gesetz soll im Januar in Kraft treten."),
        ],
    ),
    (
        "es",
        &[
            (
                "es",
                "Miles de agricultores cortaron las carreteras de acceso a Valdora.",
            ),
            (
                "fr",
                "« Nous sommes solidaires de nos collègues espagnols et nous allons les soutenir », a dit un éleveur français.",
            ),
            (
                "es",
                "Los manifestantes exigen precios justos para sus productos.",
            ),
            ("es", "El ministro de Agricultura los recibirá el jueves."),
        ],
    ),
];

/// (right, total, misses) over every document language and sentence language.
pub(super) fn measure() -> (usize, usize, Vec<String>) {
    let (mut right, mut total, mut misses) = (0, 0, Vec::new());
    for (doc_lang, sentences) in DOCS {
        let text = sentences
            .iter()
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(" ");
        let analysis = analyze_text(&text, None);
        total += 1;
        if analysis.language == Lang::from_code(doc_lang).unwrap() {
            right += 1;
        } else {
            misses.push(format!("document {doc_lang} read as {}", analysis.language));
        }
        let mut offset = 0;
        for (lang, sentence) in sentences.iter() {
            total += 1;
            let found = analysis
                .sentences
                .iter()
                .find(|s| s.start <= offset && offset < s.end);
            match found {
                Some(s) if s.language.code() == *lang && s.end - s.start == sentence.len() => {
                    right += 1
                }
                Some(s) => misses.push(format!(
                    "{lang} read as {} ({:?})",
                    s.language,
                    &text[s.start..s.end]
                )),
                None => misses.push(format!("no sentence at {sentence:?}")),
            }
            offset += sentence.len() + 1;
        }
    }
    (right, total, misses)
}
