// What the demo's co-workers write in the advice process: proposals on the
// subjects such teams take up, advice and answers, working groups; each in
// Dutch, French and English (a proposal is written in its author's region's
// language). Internal to advice's demo.
#pragma once

#include <array>

namespace ploeg::advice::demo {

struct Text {
  const char* nl;
  const char* fr;
  const char* en;
  const char* in(int language) const { return language == 0 ? nl : language == 1 ? fr : en; }
};

struct Subject {
  Text title, problem, proposal, decision;
};

inline constexpr std::array<Subject, 8> subjects = {{
    {{"Planning: telewerk op vrijdag", "Planning : télétravail le vendredi",
      "Planning: telework on Fridays"},
     {"Op vrijdag is het kantoor half leeg en rijden we voor één overleg.",
      "Le vendredi, le bureau est à moitié vide et nous nous déplaçons pour une seule réunion.",
      "On Fridays the office is half empty and we travel for a single meeting."},
     {"Het team werkt op vrijdag van thuis; het teamoverleg verhuist naar dinsdag.",
      "L’équipe travaille de chez elle le vendredi ; la réunion d’équipe passe au mardi.",
      "The team works from home on Fridays; the team meeting moves to Tuesday."},
     {"We doen het vanaf de eerste maand; de onthaalpermanentie blijft op kantoor.",
      "Nous le faisons dès le premier mois ; la permanence d’accueil reste au bureau.",
      "We start next month; the intake desk stays in the office."}},
    {{"Onboarding: een meter of peter voor elke nieuwe collega",
      "Onboarding : un parrain ou une marraine pour chaque nouveau collègue",
      "Onboarding: a buddy for every new colleague"},
     {"Nieuwe collega’s weten de eerste weken niet wie ze iets kunnen vragen.",
      "Les nouveaux collègues ne savent pas à qui s’adresser les premières semaines.",
      "New colleagues do not know whom to ask in their first weeks."},
     {"Elke nieuwe collega krijgt drie maanden een meter of peter uit een ander team.",
      "Chaque nouveau collègue a pendant trois mois un parrain d’une autre équipe.",
      "Each new colleague has a buddy from another team for three months."},
     {"Aanvaard, met een meter of peter uit het eigen team.",
      "Accepté, avec un parrain de sa propre équipe.",
      "Accepted, with a buddy from the same team."}},
    {{"Kwaliteit: vier ogen voor elke weigering", "Qualité : quatre yeux pour chaque refus",
      "Quality: four eyes on every refusal"},
     {"Weigeringen worden het vaakst aangevochten en soms herzien.",
      "Les refus sont les plus souvent contestés, et parfois revus.",
      "Refusals are challenged most often, and sometimes overturned."},
     {"Een tweede collega bevestigt elke weigering voor de brief vertrekt.",
      "Un deuxième collègue confirme chaque refus avant l’envoi de la lettre.",
      "A second colleague confirms each refusal before the letter goes out."},
     {"Ingevoerd voor zes maanden; daarna bekijken we de cijfers.",
      "Introduit pour six mois ; ensuite nous regardons les chiffres.",
      "Introduced for six months; then we look at the figures."}},
    {{"Welzijn: een stille ruimte op kantoor", "Bien-être : une pièce calme au bureau",
      "Well-being: a quiet room in the office"},
     {"Na moeilijke gesprekken met burgers is er geen plek om even te bekomen.",
      "Après des entretiens difficiles, il n’y a pas d’endroit pour souffler.",
      "After difficult conversations with citizens there is nowhere to recover."},
     {"Eén vergaderzaal wordt een stille ruimte zonder reservatie.",
      "Une salle de réunion devient une pièce calme, sans réservation.",
      "One meeting room becomes a quiet room that nobody books."},
     {"De kleine zaal op de tweede verdieping wordt de stille ruimte.",
      "La petite salle du deuxième étage devient la pièce calme.",
      "The small room on the second floor becomes the quiet room."}},
    {{"Kennis: een maandelijkse wetgevingsupdate", "Connaissances : une mise à jour mensuelle",
      "Knowledge: a monthly update on the rules"},
     {"Wijzigingen in de regelgeving bereiken niet elk team op tijd.",
      "Les changements de réglementation n’atteignent pas chaque équipe à temps.",
      "Changes in the rules do not reach every team in time."},
     {"Elke maand een half uur online, gegeven door een collega met die rol.",
      "Chaque mois une demi-heure en ligne, donnée par un collègue qui a ce rôle.",
      "Half an hour online each month, given by a colleague who holds that role."},
     {"We beginnen in de regio en nodigen de buurteams uit.",
      "Nous commençons dans la région et invitons les équipes voisines.",
      "We start in the region and invite the neighbouring teams."}},
    {{"Planning: de intake roteert wekelijks", "Planning : l’accueil tourne chaque semaine",
      "Planning: intake rotates weekly"},
     {"Altijd dezelfde mensen doen de intake, anderen verliezen de voeling.",
      "Ce sont toujours les mêmes qui font l’accueil ; les autres perdent le contact.",
      "The same people always do intake; the others lose touch."},
     {"Iedereen met de competentie doet om beurt een week intake.",
      "Chaque personne qui a la compétence fait l’accueil une semaine à tour de rôle.",
      "Everyone with the competence does a week of intake in turn."},
     {"Aanvaard, met een uitzondering voor wie deeltijds werkt.",
      "Accepté, avec une exception pour le temps partiel.",
      "Accepted, with an exception for part-timers."}},
    {{"Middelen: een gedeelde wagen voor huisbezoeken",
      "Ressources : une voiture partagée pour les visites",
      "Resources: a shared car for home visits"},
     {"Huisbezoeken op het platteland kosten een halve dag met het openbaar vervoer.",
      "Les visites à la campagne prennent une demi-journée en transports en commun.",
      "Home visits in the countryside take half a day by public transport."},
     {"Twee teams delen een elektrische wagen, te reserveren per halve dag.",
      "Deux équipes partagent une voiture électrique, réservable par demi-journée.",
      "Two teams share an electric car, booked by the half day."},
     {"We huren er één voor een jaar en houden het gebruik bij.",
      "Nous en louons une pour un an et suivons son usage.",
      "We lease one for a year and keep track of its use."}},
    {{"Kwaliteit: burgers bellen na elke beslissing",
      "Qualité : appeler le citoyen après chaque décision",
      "Quality: call the citizen after each decision"},
     {"Burgers begrijpen de brief niet altijd en dienen een klacht in.",
      "Les citoyens ne comprennent pas toujours la lettre et se plaignent.",
      "Citizens do not always understand the letter and complain."},
     {"Wie beslist, belt de burger binnen twee dagen om de beslissing uit te leggen.",
      "Celui qui décide appelle le citoyen dans les deux jours pour expliquer.",
      "Whoever decides calls the citizen within two days to explain the decision."},
     {"Alleen bij weigeringen; voor toekenningen volstaat de brief.",
      "Seulement pour les refus ; pour les accords, la lettre suffit.",
      "Only for refusals; for grants the letter is enough."}},
}};

// Advice by stance: support, concern, objection; and an answer to the last two.
inline constexpr std::array<Text, 3> support = {{
    {"Goed idee, in ons team werkt dat al.", "Bonne idée, cela marche déjà dans notre équipe.",
     "Good idea, it already works in our team."},
    {"Akkoord, laten we het na drie maanden bekijken.", "D’accord, regardons-le après trois mois.",
     "Agreed; let us look at it after three months."},
    {"Ja, dit lost ook ons probleem op.", "Oui, cela règle aussi notre problème.",
     "Yes, this solves our problem too."},
}};
inline constexpr std::array<Text, 3> concern = {{
    {"Denk aan de collega’s die deeltijds werken.", "Pensez aux collègues à temps partiel.",
     "Think of the colleagues who work part-time."},
    {"Wie springt in bij ziekte?", "Qui remplace en cas de maladie ?",
     "Who steps in when someone is ill?"},
    {"Het budget is krap dit jaar.", "Le budget est serré cette année.",
     "The budget is tight this year."},
}};
inline constexpr std::array<Text, 2> objection = {{
    {"Dit botst met de openingsuren voor burgers.",
     "Cela entre en conflit avec les heures d’ouverture aux citoyens.",
     "This clashes with the opening hours for citizens."},
    {"Ons team kan dit nu niet dragen: twee collega’s zijn afwezig.",
     "Notre équipe ne peut pas le porter maintenant : deux collègues sont absents.",
     "Our team cannot carry this now: two colleagues are away."},
}};
inline constexpr std::array<Text, 2> answers = {{
    {"Klopt; we passen het aan en bekijken het na drie maanden opnieuw.",
     "C’est juste ; nous l’adaptons et le revoyons après trois mois.",
     "True; we adjust it and look at it again after three months."},
    {"We beginnen later en spreken een vervanging af.",
     "Nous commençons plus tard et convenons d’un remplacement.",
     "We start later and agree on who stands in."},
}};

struct GroupText {
  const char* code;
  Text name, purpose;
};
inline constexpr std::array<GroupText, 3> groups = {{
    {"hybrid-work",
     {"Hybride werken", "Travail hybride", "Hybrid work"},
     {"Afspraken over thuis en op kantoor werken, voor alle teams van de regio.",
      "Des accords sur le travail à domicile et au bureau, pour toutes les équipes de la région.",
      "Agreements on working from home and in the office, for all teams of the region."}},
    {"welcome",
     {"Welkom nieuwe collega’s", "Accueil des nouveaux", "Welcome new colleagues"},
     {"Een onthaal dat nieuwe collega’s in hun eerste maanden draagt.",
      "Un accueil qui porte les nouveaux collègues pendant leurs premiers mois.",
      "A welcome that carries new colleagues through their first months."}},
    {"clear-letters",
     {"Heldere brieven", "Lettres claires", "Clear letters"},
     {"Brieven aan burgers die ze in één keer begrijpen.",
      "Des lettres que les citoyens comprennent du premier coup.",
      "Letters that citizens understand at first reading."}},
}};

}  // namespace ploeg::advice::demo
