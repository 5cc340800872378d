// The fixed catalogues the demo generator draws from: invented-name parts,
// regions with their postcode ranges, competences, star roles, expertise.
// Internal to the demo: demo_generator.cpp, and casework's demo history
// (demo_history.cpp, citizens' names by their region's language). Other
// features ask demo_generator.hpp (demo_region_languages).
#pragma once

#include <array>

namespace ploeg::organisation::demo {

// Common first names and surnames of Flanders and Wallonia; the generator
// combines them freely, so no full name stands for anyone.
inline constexpr std::array flemish_first = {
    "Jan",   "Pieter",  "Koen",  "Bart",     "Wim",     "Tom",      "Stijn",  "Joris",   "Jeroen",
    "Dirk",  "Luc",     "Geert", "Kris",     "Hans",    "Filip",    "Wouter", "Sander",  "Jens",
    "Ruben", "Thomas",  "Lars",  "Bram",     "Arne",    "Maarten",  "Toon",   "Ward",    "Lander",
    "Robbe", "Seppe",   "Jonas", "An",       "Els",     "Katrien",  "Sofie",  "Lies",    "Griet",
    "Inge",  "Veerle",  "Hilde", "Ann",      "Leen",    "Liesbeth", "Nele",   "Eva",     "Lotte",
    "Hanne", "Elke",    "Sarah", "Femke",    "Marieke", "Annelies", "Tine",   "Evelien", "Jolien",
    "Lien",  "Marijke", "Ine",   "Karolien", "Fien",    "Ilse"};
inline constexpr std::array flemish_last = {
    "Peeters",   "Janssens",       "Maes",        "Jacobs",       "Mertens",        "Willems",
    "Claes",     "Goossens",       "Wouters",     "De Smet",      "Dubois",         "Hermans",
    "Aerts",     "Pauwels",        "Vermeulen",   "Van Damme",    "Michiels",       "Segers",
    "Claeys",    "Vermeiren",      "Verstraeten", "Van de Velde", "Desmet",         "Coppens",
    "De Clercq", "Lambrechts",     "Martens",     "Van Dyck",     "Smets",          "Verhoeven",
    "Stevens",   "Van den Broeck", "Boes",        "Cools",        "De Backer",      "Verbeke",
    "Leemans",   "De Wilde",       "Hendrickx",   "Vandenberghe", "Baert",          "Bogaert",
    "Dewulf",    "Geerts",         "Van Hoof",    "Wuyts",        "Verschueren",    "Engelen",
    "Van Acker", "De Vos",         "Declercq",    "Thijs",        "Vanderstraeten", "Nijs",
    "Mortier",   "Dhondt",         "Moens",       "Van Looy",     "Ceulemans",      "De Coninck"};
inline constexpr std::array walloon_first = {
    "Jean",      "Pierre",   "Michel",    "Philippe",  "Luc",       "Marc",     "Christophe",
    "Olivier",   "Nicolas",  "Julien",    "Sébastien", "Frédéric",  "Stéphane", "Cédric",
    "Thierry",   "Benoît",   "Laurent",   "Didier",    "Vincent",   "François", "Maxime",
    "Antoine",   "Quentin",  "Arnaud",    "Romain",    "Gaëtan",    "Jérôme",   "Damien",
    "Guillaume", "Hugo",     "Marie",     "Sophie",    "Isabelle",  "Nathalie", "Catherine",
    "Valérie",   "Anne",     "Christine", "Françoise", "Véronique", "Julie",    "Aurélie",
    "Caroline",  "Émilie",   "Céline",    "Laura",     "Camille",   "Manon",    "Pauline",
    "Charlotte", "Hélène",   "Martine",   "Sylvie",    "Chloé",     "Léa",      "Elise",
    "Mélanie",   "Delphine", "Géraldine", "Amandine"};
inline constexpr std::array walloon_last = {
    "Dubois", "Lambert",  "Dupont",   "Martin",   "Simon",   "Laurent",   "Leclercq", "Dumont",
    "Renard", "Lejeune",  "Lemaire",  "Denis",    "Collard", "François",  "Gérard",   "Mathieu",
    "Henry",  "Charlier", "Piette",   "Lefèbvre", "Leroy",   "Fontaine",  "Gilson",   "Jacquet",
    "Thiry",  "Noël",     "Bodart",   "Marchal",  "Wauters", "Delvaux",   "Lecomte",  "Hubert",
    "Remy",   "Hardy",    "Bastin",   "Dethier",  "Lhoest",  "Closset",   "Pirard",   "Massart",
    "Gillet", "Delhaye",  "Poncelet", "Lebrun",   "Mouton",  "Georges",   "Colin",    "Dessy",
    "Masson", "Etienne",  "Baudoin",  "Hanssens", "Goffin",  "Lallemand", "Demoulin", "Frère",
    "Jadot",  "Wilmotte", "Servais",  "Detry"};

enum class Speaks { dutch, french, both };

// A name in Dutch, French and English.
struct Trio {
  const char* nl;
  const char* fr;
  const char* en;
};

// A region's own name (the `name` column, the fallback) is its English one.
struct RegionSeed {
  const char* code;
  Trio names;
  const char* office_address;
  int first_postcode;  // the range is real: the area's postcodes lie in it
  int last_postcode;
  Speaks speaks;
  int weight;  // share of the regional teams, roughly by population
};

inline constexpr std::array regions = {
    RegionSeed{"antwerpen",
               {"Antwerpen", "Anvers", "Antwerp"},
               "Frankrijklei 40, 2000 Antwerpen",
               2000,
               2999,
               Speaks::dutch,
               5},
    RegionSeed{"arlon",
               {"Aarlen", "Arlon", "Arlon"},
               "Place Léopold 5, 6700 Arlon",
               6600,
               6999,
               Speaks::french,
               1},
    RegionSeed{"brugge",
               {"Brugge", "Bruges", "Bruges"},
               "Kuipersstraat 8, 8000 Brugge",
               8000,
               8999,
               Speaks::dutch,
               4},
    RegionSeed{"brussel",
               {"Brussel", "Bruxelles", "Brussels"},
               "Kunstberg 3, 1000 Brussel",
               1000,
               1299,
               Speaks::both,
               4},
    RegionSeed{"charleroi",
               {"Charleroi", "Charleroi", "Charleroi"},
               "Boulevard Tirou 60, 6000 Charleroi",
               6000,
               6599,
               Speaks::french,
               2},
    RegionSeed{
        "gent", {"Gent", "Gand", "Ghent"}, "Kouter 25, 9000 Gent", 9000, 9999, Speaks::dutch, 5},
    RegionSeed{"hasselt",
               {"Hasselt", "Hasselt", "Hasselt"},
               "Kolonel Dusartplein 12, 3500 Hasselt",
               3500,
               3999,
               Speaks::dutch,
               3},
    RegionSeed{"leuven",
               {"Leuven", "Louvain", "Leuven"},
               "Bondgenotenlaan 70, 3000 Leuven",
               3000,
               3499,
               Speaks::dutch,
               3},
    RegionSeed{"liege",
               {"Luik", "Liège", "Liège"},
               "Boulevard d'Avroy 38, 4000 Liège",
               4000,
               4999,
               Speaks::french,
               3},
    RegionSeed{"mons",
               {"Bergen", "Mons", "Mons"},
               "Grand-Place 22, 7000 Mons",
               7000,
               7999,
               Speaks::french,
               3},
    RegionSeed{"namur",
               {"Namen", "Namur", "Namur"},
               "Rue de Fer 15, 5000 Namur",
               5000,
               5999,
               Speaks::french,
               2},
    RegionSeed{"wavre",
               {"Waver", "Wavre", "Wavre"},
               "Place de l'Hôtel de Ville 9, 1300 Wavre",
               1300,
               1499,
               Speaks::french,
               1},
};

struct Named {
  const char* code;
  const char* name;
  Trio names;
};

// The allowance agency's competences, A to Z of a request.
inline constexpr std::array competences = {
    Named{"administration",
          "Administration (back office)",
          {"Administratie (backoffice)", "Administration (back-office)",
           "Administration (back office)"}},
    Named{"decision",
          "Decision & legal",
          {"Beslissing & juridisch", "Décision & juridique", "Decision & legal"}},
    Named{"intake",
          "Intake (front office)",
          {"Onthaal (frontoffice)", "Accueil (front-office)", "Intake (front office)"}},
    Named{"medical",
          "Medical assessment",
          {"Medische beoordeling", "Évaluation médicale", "Medical assessment"}},
    Named{"payment", "Payment", {"Betaling", "Paiement", "Payment"}},
    Named{"social_work", "Social work", {"Maatschappelijk werk", "Travail social", "Social work"}},
};

// What every regional team must hold: minimum members per competence.
struct Requirement {
  const char* competence;
  int minimum;
};
inline constexpr std::array regional_mix = {
    Requirement{"intake", 2},  Requirement{"administration", 3}, Requirement{"social_work", 2},
    Requirement{"medical", 1}, Requirement{"decision", 1},       Requirement{"payment", 1},
};
// Extra members beyond the mix lean towards the busiest tasks.
inline constexpr std::array extra_competence = {"intake",         "intake",      "administration",
                                                "administration", "social_work", "social_work",
                                                "medical",        "decision",    "payment"};

struct RoleSeed {
  const char* code;
  const char* name;
  Trio names;
  const char* purpose;
  std::array<const char*, 3> accountabilities;
};

inline constexpr std::array roles = {
    RoleSeed{"knowledge",
             "Knowledge",
             {"Kennis", "Connaissances", "Knowledge"},
             "The team knows the rules in force today and knows whom to ask about the rest.",
             {"Follow changes in legislation and explain them in the team meeting",
              "Keep the team's how-to notes current",
              "Bring the team's questions to the community of practice"}},
    RoleSeed{"onboarding",
             "Onboarding",
             {"Inwerking", "Intégration des nouveaux", "Onboarding"},
             "Newcomers feel welcome and handle files on their own within a few months.",
             {"Prepare a newcomer's first weeks with the team", "Pair every newcomer with a buddy",
              "Ask newcomers after three months what should have been easier"}},
    RoleSeed{"planning",
             "Planning",
             {"Planning", "Planification", "Planning"},
             "Citizens get an answer on time and the work is shared fairly.",
             {"Draw up the week's roster together with the team",
              "Watch backlog and throughput time and raise them early",
              "Plan citizens' appointments and home visits"}},
    RoleSeed{"quality",
             "Quality",
             {"Kwaliteit", "Qualité", "Quality"},
             "Decisions are right the first time, and complaints teach the team something.",
             {"Review a sample of closed files every month",
              "Follow up each complaint with the colleague involved",
              "Share the quality figures with the team"}},
    RoleSeed{"resources",
             "Resources",
             {"Middelen", "Ressources", "Resources"},
             "The team has the people, tools and budget its case flow needs.",
             {"Keep track of the team's budget and equipment",
              "Work out staffing needs from the case flow",
              "Arrange desks and rooms for the office days"}},
    RoleSeed{"well_being",
             "Well-being",
             {"Welzijn", "Bien-être", "Well-being"},
             "Colleagues stay healthy and keep enjoying their work.",
             {"Check in with colleagues after a hard case",
              "Notice workload and absence patterns and raise them",
              "Organise the team's moments together"}},
};

// The star roles' purposes and accountabilities in Dutch and French (the
// English ones are the roles' own, above), for the names table.
struct RoleText {
  const char* code;
  Trio purpose;
  std::array<Trio, 3> accountabilities;
};
inline constexpr std::array role_texts = {
    RoleText{"knowledge",
             {"Het team kent de regels die vandaag gelden en weet wie het de rest kan vragen.",
              "L’équipe connaît les règles en vigueur aujourd’hui et sait à qui demander le reste.",
              nullptr},
             {{{"Wijzigingen in de regelgeving volgen en ze toelichten op het teamoverleg",
                "Suivre les changements de la législation et les expliquer en réunion d’équipe",
                nullptr},
               {"De werkinstructies van het team actueel houden",
                "Tenir à jour les fiches pratiques de l’équipe", nullptr},
               {"De vragen van het team meenemen naar de praktijkgemeenschap",
                "Porter les questions de l’équipe à la communauté de pratique", nullptr}}}},
    RoleText{"onboarding",
             {"Nieuwkomers voelen zich welkom en behandelen binnen enkele maanden zelfstandig "
              "dossiers.",
              "Les nouveaux venus se sentent bienvenus et traitent seuls des dossiers en quelques "
              "mois.",
              nullptr},
             {{{"De eerste weken van een nieuwkomer samen met het team voorbereiden",
                "Préparer avec l’équipe les premières semaines d’un nouveau venu", nullptr},
               {"Elke nieuwkomer een peter of meter geven",
                "Associer chaque nouveau venu à un parrain ou une marraine", nullptr},
               {"Nieuwkomers na drie maanden vragen wat makkelijker had moeten zijn",
                "Demander aux nouveaux venus, après trois mois, ce qui aurait dû être plus simple",
                nullptr}}}},
    RoleText{"planning",
             {"Burgers krijgen tijdig een antwoord en het werk wordt eerlijk verdeeld.",
              "Les citoyens reçoivent une réponse à temps et le travail est partagé équitablement.",
              nullptr},
             {{{"Samen met het team de weekplanning opmaken",
                "Établir le planning de la semaine avec l’équipe", nullptr},
               {"Achterstand en doorlooptijd opvolgen en ze tijdig aankaarten",
                "Suivre l’arriéré et le délai de traitement et les signaler à temps", nullptr},
               {"Afspraken met burgers en huisbezoeken plannen",
                "Planifier les rendez-vous des citoyens et les visites à domicile", nullptr}}}},
    RoleText{"quality",
             {"Beslissingen zijn meteen juist, en klachten leren het team iets.",
              "Les décisions sont justes du premier coup, et les plaintes apprennent quelque chose "
              "à l’équipe.",
              nullptr},
             {{{"Elke maand een steekproef van afgesloten dossiers nakijken",
                "Relire chaque mois un échantillon de dossiers clôturés", nullptr},
               {"Elke klacht opvolgen met de betrokken collega",
                "Assurer le suivi de chaque plainte avec le collègue concerné", nullptr},
               {"De kwaliteitscijfers delen met het team",
                "Partager les chiffres de qualité avec l’équipe", nullptr}}}},
    RoleText{"resources",
             {"Het team heeft de mensen, middelen en het budget die zijn instroom van dossiers "
              "vraagt.",
              "L’équipe dispose des personnes, des outils et du budget qu’exige son flux de "
              "dossiers.",
              nullptr},
             {{{"Het budget en het materiaal van het team opvolgen",
                "Suivre le budget et le matériel de l’équipe", nullptr},
               {"De personeelsbehoefte afleiden uit de instroom van dossiers",
                "Déduire les besoins en personnel du flux de dossiers", nullptr},
               {"Bureaus en zalen regelen voor de kantoordagen",
                "Réserver bureaux et salles pour les jours au bureau", nullptr}}}},
    RoleText{"well_being",
             {"Collega’s blijven gezond en blijven graag werken.",
              "Les collègues restent en bonne santé et gardent le plaisir de travailler.", nullptr},
             {{{"Na een zware zaak bij collega’s langsgaan",
                "Prendre des nouvelles des collègues après un dossier difficile", nullptr},
               {"Werkdruk en afwezigheidspatronen opmerken en aankaarten",
                "Repérer la charge de travail et les absences répétées et les signaler", nullptr},
               {"De gezamenlijke momenten van het team organiseren",
                "Organiser ensemble les moments de l’équipe", nullptr}}}},
};

// A person's expertise tags and "ask me about" line are their own words, in
// the language they write (Dutch in Flanders, French in Wallonia), not
// translated names; the English is for the code's readers.
inline constexpr std::array expertise = {
    Trio{"beroepsprocedure", "procédure de recours", "appeals procedure"},
    Trio{"hulpmiddelen", "aides techniques", "assistive devices"},
    Trio{"autisme", "autisme", "autism"},
    Trio{"zorgbudget", "budget de soins", "care budget"},
    Trio{"kinderen met een handicap", "enfants en situation de handicap",
         "children with disabilities"},
    Trio{"grensarbeiders", "travailleurs frontaliers", "cross-border workers"},
    Trio{"gegevensbescherming", "protection des données", "data protection"},
    Trio{"schuldhulpverlening", "médiation de dettes", "debt counselling"},
    Trio{"dementie", "démence", "dementia"},
    Trio{"hulp aan bejaarden", "aide aux personnes âgées", "elderly assistance"},
    Trio{"gehoorbeperking", "déficience auditive", "hearing impairment"},
    Trio{"inkomensvervangende tegemoetkoming", "allocation de remplacement de revenus",
         "income replacement allowance"},
    Trio{"integratietegemoetkoming", "allocation d’intégration", "integration allowance"},
    Trio{"wetgeving 2024", "législation 2024", "legislation 2024"},
    Trio{"geestelijke gezondheid", "santé mentale", "mental health"},
    Trio{"parkeerkaart", "carte de stationnement", "parking card"},
    Trio{"gebarentaal", "langue des signes", "sign language"},
    Trio{"sociale tarieven", "tarifs sociaux", "social tariffs"},
    Trio{"visuele beperking", "déficience visuelle", "visual impairment"},
    Trio{"medische dossiers", "dossiers médicaux", "medical records"}};

// "%s" is an expertise tag in the same language.
inline constexpr std::array ask_me_about = {
    Trio{"Vraag me gerust over %s: ik heb er veel dossiers van behandeld.",
         "Posez-moi vos questions sur %s : j’ai traité beaucoup de ces dossiers.",
         "Ask me about %s: I have handled many of those files."},
    Trio{"Ik help graag bij vragen over %s.", "Je vous aide volontiers pour vos questions sur %s.",
         "Happy to help with questions on %s."},
    Trio{"Ik gaf de interne opleiding over %s.", "J’ai donné la formation interne sur %s.",
         "I gave the internal training on %s."},
    Trio{"Ik werkte rond %s voor ik bij dit team kwam.",
         "J’ai travaillé sur %s avant de rejoindre cette équipe.",
         "I worked on %s before joining this team."},
    Trio{"Bel me als een dossier over %s gaat.", "Appelez-moi quand un dossier touche à %s.",
         "Call me when a file touches %s."},
};

// What the coaches offer.
inline constexpr Trio coaching_tag{"teamcoaching", "coaching d’équipe", "team coaching"};
inline constexpr Trio coaching_ask{
    "Vraag me gerust over teamcoaching en het adviesproces.",
    "Posez-moi vos questions sur le coaching d’équipe et le processus d’avis.",
    "Ask me about team coaching and the advice process."};

struct SupportSeed {
  const char* code;
  const char* name;
  Trio names;
};
// The first is where the coaches work.
inline constexpr std::array support_teams = {
    SupportSeed{"coaching",
                "Coaching & development",
                {"Coaching & ontwikkeling", "Coaching & développement", "Coaching & development"}},
    SupportSeed{"ict", "ICT & data", {"ICT & data", "TIC & données", "ICT & data"}},
    SupportSeed{
        "legal", "Legal support", {"Juridische ondersteuning", "Appui juridique", "Legal support"}},
    SupportSeed{"people",
                "People & well-being",
                {"Mensen & welzijn", "Personnel & bien-être", "People & well-being"}},
    SupportSeed{"finance", "Finance", {"Financiën", "Finances", "Finance"}},
    SupportSeed{
        "facilities",
        "Facilities & hot desks",
        {"Facilitair & flexplekken", "Logistique & bureaux partagés", "Facilities & hot desks"}},
    SupportSeed{
        "communication", "Communication", {"Communicatie", "Communication", "Communication"}},
    SupportSeed{
        "audit", "Quality & audit", {"Kwaliteit & audit", "Qualité & audit", "Quality & audit"}},
};

// What a team writes of itself, in its own language: a Flemish team in
// Dutch, a Walloon one in French (English for reference).
inline constexpr std::array visions = {
    Trio{"Elke burger van onze regio krijgt binnen een maand een duidelijke beslissing.",
         "Chaque citoyen de notre région reçoit une décision claire dans le mois.",
         "Every citizen of our region gets a clear decision within a month."},
    Trio{"We behandelen elke aanvraag samen, van de eerste vraag tot de betaling.",
         "Nous traitons chaque demande ensemble, de la première question au paiement.",
         "We handle each request from the first question to the payment, together."},
    Trio{"Niemand in onze regio loopt een tegemoetkoming mis waar hij recht op heeft.",
         "Personne dans notre région ne passe à côté d’une allocation à laquelle il a droit.",
         "Nobody in our region misses an allowance they are entitled to."},
    Trio{"We zijn makkelijk bereikbaar en leggen elke beslissing uit in heldere taal.",
         "Nous sommes faciles à joindre et expliquons chaque décision en langage clair.",
         "We are easy to reach and explain every decision in plain language."},
    Trio{"We leren van elke klacht en delen wat werkt met andere teams.",
         "Nous apprenons de chaque plainte et partageons ce qui marche avec les autres équipes.",
         "We learn from every complaint and share what works with other teams."},
};
inline constexpr std::array values = {
    Trio{"Vertrouwen, openheid, de burger eerst.", "Confiance, ouverture, le citoyen d’abord.",
         "Trust, openness, the citizen first."},
    Trio{"Respect, eigenaarschap, leren uit fouten.",
         "Respect, responsabilité, apprendre de ses erreurs.",
         "Respect, ownership, learning from mistakes."},
    Trio{"Solidariteit, transparantie, ons woord houden.",
         "Solidarité, transparence, tenir parole.", "Solidarity, transparency, keeping our word."},
    Trio{"Nieuwsgierigheid, zorg, gedeelde verantwoordelijkheid.",
         "Curiosité, bienveillance, responsabilité partagée.",
         "Curiosity, care, shared responsibility."},
    Trio{"Billijkheid, eenvoud, elkaar om advies vragen.",
         "Équité, simplicité, se demander conseil.",
         "Fairness, simplicity, asking each other for advice."},
};
inline constexpr Trio support_vision = {
    "De regionale teams kunnen op ons rekenen, zodat zij zich op de burgers kunnen toeleggen.",
    "Les équipes régionales peuvent compter sur nous et se consacrer aux citoyens.",
    "The regional teams can count on us, so they can focus on citizens."};

}  // namespace ploeg::organisation::demo
