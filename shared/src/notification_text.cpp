// The notification templates and their filling (see notification_text.hpp).
#include "umuhanda/notification_text.hpp"

#include <algorithm>

namespace umuhanda {
namespace {

// Kinyarwanda entries are drafts by a non-native writer: fuzzy until a fluent reader checks them.
// English and French are reviewed by the team.
const std::vector<NotificationTemplate> kTemplates = {
    // For staff.
    {"payment.requested", "en", false, "New payment request: {amount} by {operator}",
     "Hello {name},\n\nA student asked to pay {amount} by {operator}. Check the operator's statement, then approve or reject the request in "
     "the staff screens.\n\n{school}"},
    {"payment.requested", "fr", false, "Nouvelle demande de paiement : {amount} par {operator}",
     "Bonjour {name},\n\nUn élève demande à payer {amount} par {operator}. Vérifiez le relevé de l'opérateur, puis approuvez ou refusez la "
     "demande dans les écrans du personnel.\n\n{school}"},
    {"payment.requested", "rw", true, "Ubusabe bushya bwo kwishyura: {amount} kuri {operator}",
     "Muraho {name},\n\nUmunyeshuri yasabye kwishyura {amount} kuri {operator}. Genzura, hanyuma wemeze cyangwa wange ubusabe.\n\n{school}"},
    {"contact.received", "en", false, "New message from {sender}",
     "Hello {name},\n\n{sender} wrote to the school through the contact form. Open the staff screens to read it and answer.\n\n{school}"},
    {"contact.received", "fr", false, "Nouveau message de {sender}",
     "Bonjour {name},\n\n{sender} a écrit à l'auto-école par le formulaire de contact. Ouvrez les écrans du personnel pour le lire et y "
     "répondre.\n\n{school}"},
    {"contact.received", "rw", true, "Ubutumwa bushya bwa {sender}",
     "Muraho {name},\n\n{sender} yandikiye ishuri akoresheje ifishi yo kutwandikira. Fungura porogaramu kugira ngo ubusome.\n\n{school}"},
    // For students.
    {"payment.approved", "en", false, "Your payment is approved: {plan}",
     "Hello {name},\n\nYour payment is approved. Your {plan} plan runs from {starts_at} to {ends_at}. Open the app to practise with everything "
     "it opens.\n\n{school}"},
    {"payment.approved", "fr", false, "Votre paiement est approuvé : {plan}",
     "Bonjour {name},\n\nVotre paiement est approuvé. Votre formule {plan} court du {starts_at} au {ends_at}. Ouvrez l'application pour vous "
     "entraîner avec tout ce qu'elle ouvre.\n\n{school}"},
    {"payment.approved", "rw", true, "Ubwishyu bwawe bwemejwe: {plan}",
     "Muraho {name},\n\nUbwishyu bwawe bwemejwe. Ifatabuguzi ryawe rya {plan} rizamara kuva {starts_at} kugeza {ends_at}.\n\n{school}"},
    {"payment.rejected", "en", false, "Your payment request was not approved",
     "Hello {name},\n\nYour request for the {plan} plan was not approved. The reason given: {reason}\n\nIf you think this is a mistake, "
     "contact the school with the transaction id from your operator's SMS.\n\n{school}"},
    {"payment.rejected", "fr", false, "Votre demande de paiement n'a pas été approuvée",
     "Bonjour {name},\n\nVotre demande pour la formule {plan} n'a pas été approuvée. Motif : {reason}\n\nSi vous pensez qu'il s'agit d'une "
     "erreur, contactez l'auto-école avec l'identifiant de transaction du SMS de votre opérateur.\n\n{school}"},
    {"payment.rejected", "rw", true, "Ubusabe bwawe bwo kwishyura ntibwemewe",
     "Muraho {name},\n\nUbusabe bwawe bw'ifatabuguzi rya {plan} ntibwemewe. Impamvu: {reason}\n\n{school}"},
    {"subscription.granted", "en", false, "You have been given the {plan} plan",
     "Hello {name},\n\nThe school gave you the {plan} plan. It runs from {starts_at} to {ends_at}.\n\n{school}"},
    {"subscription.granted", "fr", false, "La formule {plan} vous a été attribuée",
     "Bonjour {name},\n\nL'auto-école vous a attribué la formule {plan}. Elle court du {starts_at} au {ends_at}.\n\n{school}"},
    {"subscription.granted", "rw", true, "Wahawe ifatabuguzi rya {plan}",
     "Muraho {name},\n\nIshuri ryaguhaye ifatabuguzi rya {plan}, kuva {starts_at} kugeza {ends_at}.\n\n{school}"},
    {"subscription.ending", "en", false, "Your {plan} plan ends on {ends_at}",
     "Hello {name},\n\nYour {plan} plan ends on {ends_at}. To keep practising with everything, renew it in the app before then.\n\n{school}"},
    {"subscription.ending", "fr", false, "Votre formule {plan} se termine le {ends_at}",
     "Bonjour {name},\n\nVotre formule {plan} se termine le {ends_at}. Pour continuer à vous entraîner avec tout le contenu, renouvelez-la "
     "dans l'application avant cette date.\n\n{school}"},
    {"subscription.ending", "rw", true, "Ifatabuguzi ryawe rya {plan} rizarangira ku wa {ends_at}",
     "Muraho {name},\n\nIfatabuguzi ryawe rya {plan} rizarangira ku wa {ends_at}. Ryongere muri porogaramu mbere y'icyo gihe.\n\n{school}"},
    {"exam.starting", "en", false, "{exam} starts at {starts_at}",
     "Hello {name},\n\n{exam} starts at {starts_at}, in about 10 minutes. Open the app to sit it.\n\n{school}"},
    {"exam.starting", "fr", false, "{exam} commence à {starts_at}",
     "Bonjour {name},\n\n{exam} commence à {starts_at}, dans une dizaine de minutes. Ouvrez l'application pour le passer.\n\n{school}"},
    {"exam.starting", "rw", true, "{exam} iratangira saa {starts_at}",
     "Muraho {name},\n\n{exam} iratangira saa {starts_at}, mu minota nka 10. Fungura porogaramu kugira ngo uyikore.\n\n{school}"},
    {"exam.live", "en", false, "{exam} has started",
     "Hello {name},\n\n{exam} started at {starts_at} and is open until {ends_at}. Open the app to sit it.\n\n{school}"},
    {"exam.live", "fr", false, "{exam} a commencé",
     "Bonjour {name},\n\n{exam} a commencé à {starts_at} et reste ouvert jusqu'à {ends_at}. Ouvrez l'application pour le passer.\n\n{school}"},
    {"exam.live", "rw", true, "{exam} yatangiye",
     "Muraho {name},\n\n{exam} yatangiye saa {starts_at}, irangira saa {ends_at}. Fungura porogaramu kugira ngo uyikore.\n\n{school}"},
    {"exam.result", "en", false, "Your result in {exam}: {score} of {total}",
     "Hello {name},\n\nYou answered {score} of {total} questions right in {exam}; {pass_mark} are needed to pass. Open the app to review your "
     "answers with their explanations.\n\n{school}"},
    {"exam.result", "fr", false, "Votre résultat à {exam} : {score} sur {total}",
     "Bonjour {name},\n\nVous avez répondu juste à {score} questions sur {total} à {exam} ; il en faut {pass_mark} pour réussir. Ouvrez "
     "l'application pour revoir vos réponses et leurs explications.\n\n{school}"},
    {"exam.result", "rw", true, "Amanota yawe muri {exam}: {score} kuri {total}",
     "Muraho {name},\n\nWasubije neza ibibazo {score} kuri {total} muri {exam}; hakenewe {pass_mark} kugira ngo utsinde.\n\n{school}"},
    {"exam.result_late", "en", false, "Your answers to {exam} arrived late",
     "Hello {name},\n\nYour answers to {exam} reached the school after the end and the grace period, so they are recorded but not counted. "
     "You answered {score} of {total} right.\n\n{school}"},
    {"exam.result_late", "fr", false, "Vos réponses à {exam} sont arrivées en retard",
     "Bonjour {name},\n\nVos réponses à {exam} sont arrivées après la fin et le délai de grâce : elles sont enregistrées mais ne comptent "
     "pas. Vous avez répondu juste à {score} questions sur {total}.\n\n{school}"},
    {"exam.result_late", "rw", true, "Ibisubizo byawe bya {exam} byatinze",
     "Muraho {name},\n\nIbisubizo byawe bya {exam} byageze nyuma y'igihe, ntibibarwa. Wasubije neza {score} kuri {total}.\n\n{school}"},
    {"pack.new_version", "en", false, "New version of {pack}: version {version}",
     "Hello {name},\n\nThe school published version {version} of {pack}. The app brings it to your phone the next time it is online; "
     "your progress stays.\n\n{school}"},
    {"pack.new_version", "fr", false, "Nouvelle version de {pack} : version {version}",
     "Bonjour {name},\n\nL'auto-école a publié la version {version} de {pack}. L'application l'apporte sur votre téléphone dès qu'il est "
     "en ligne ; votre progression reste.\n\n{school}"},
    {"pack.new_version", "rw", true, "Verisiyo nshya ya {pack}: verisiyo {version}",
     "Muraho {name},\n\nIshuri ryashyize ahagaragara verisiyo {version} ya {pack}. Porogaramu izayizana kuri telefoni yawe igihe izaba "
     "ifite interineti.\n\n{school}"},
    {"subscription.ended", "en", false, "Your {plan} plan has ended",
     "Hello {name},\n\nYour {plan} plan ended on {ends_at}. The free questions stay open; renew in the app to open everything again.\n\n{school}"},
    {"subscription.ended", "fr", false, "Votre formule {plan} est terminée",
     "Bonjour {name},\n\nVotre formule {plan} s'est terminée le {ends_at}. Les questions gratuites restent ouvertes ; renouvelez dans "
     "l'application pour tout rouvrir.\n\n{school}"},
    {"subscription.ended", "rw", true, "Ifatabuguzi ryawe rya {plan} ryarangiye",
     "Muraho {name},\n\nIfatabuguzi ryawe rya {plan} ryarangiye ku wa {ends_at}. Ibibazo by'ubuntu biracyafunguye.\n\n{school}"},
};

const NotificationTemplate* find_template(std::string_view kind, std::string_view language) {
  const auto found = std::find_if(kTemplates.begin(), kTemplates.end(), [&](const NotificationTemplate& entry) {
    return entry.kind == kind && entry.language == language && !entry.fuzzy;
  });
  return found == kTemplates.end() ? nullptr : &*found;
}

const std::string* fact(const NotificationFacts& facts, std::string_view field) {
  if (field == "name") return &facts.name;
  if (field == "plan") return &facts.plan;
  if (field == "starts_at") return &facts.starts_at;
  if (field == "ends_at") return &facts.ends_at;
  if (field == "amount") return &facts.amount;
  if (field == "operator") return &facts.operator_name;
  if (field == "reason") return &facts.reason;
  if (field == "school") return &facts.school;
  if (field == "sender") return &facts.sender;
  if (field == "exam") return &facts.exam;
  if (field == "pack") return &facts.pack;
  if (field == "version") return &facts.version;
  if (field == "score") return &facts.score;
  if (field == "total") return &facts.total;
  if (field == "pass_mark") return &facts.pass_mark;
  return nullptr;
}

Expected<std::string> fill(std::string_view text, const NotificationFacts& facts, const std::string& where) {
  std::string out;
  out.reserve(text.size() + 64);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t open = text.find('{', at);
    if (open == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, open - at));
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) return Expected<std::string>::failure(where, "a '{' with no '}' after it");
    const std::string_view field = text.substr(open + 1, close - open - 1);
    const std::string* value = fact(facts, field);
    if (!value) return Expected<std::string>::failure(where, "no fact is called {" + std::string(field) + "}");
    out += *value;
    at = close + 1;
  }
  return out;
}

}  // namespace

const std::vector<NotificationTemplate>& notification_templates() { return kTemplates; }

std::string_view wording_language(std::string_view kind, std::string_view language) {
  const NotificationTemplate* chosen = find_template(kind, language);
  return chosen ? chosen->language : std::string_view("en");
}

bool has_notification_wording(std::string_view kind) { return find_template(kind, "en") != nullptr; }

Expected<NotificationWording> word_notification(std::string_view kind, std::string_view language, const NotificationFacts& facts) {
  const NotificationTemplate* chosen = find_template(kind, language);
  if (!chosen) chosen = find_template(kind, "en");
  if (!chosen) return Expected<NotificationWording>::failure("kind", "no wording for notifications of kind \"" + std::string(kind) + "\"");
  const std::string where = std::string(chosen->kind) + " (" + std::string(chosen->language) + ")";
  auto subject = fill(chosen->subject, facts, where + " subject");
  if (!subject) return subject.errors();
  auto body = fill(chosen->body, facts, where + " body");
  if (!body) return body.errors();
  return NotificationWording{std::string(chosen->language), std::move(subject).value(), std::move(body).value()};
}

std::string notification_summary(std::string_view body) {
  // Every template is a greeting, one or more paragraphs, and the school's name (the tests check
  // it): the paragraphs between are what an inbox shows under the subject.
  const std::size_t first = body.find("\n\n");
  const std::size_t last = body.rfind("\n\n");
  if (first == std::string_view::npos || last == first) return std::string(body);
  return std::string(body.substr(first + 2, last - first - 2));
}

std::string format_rwf(std::int64_t amount, std::string_view language) {
  const bool negative = amount < 0;
  std::string digits = std::to_string(negative ? -amount : amount);
  // French groups thousands with a narrow no-break space (U+202F), English and Kinyarwanda with commas.
  const std::string separator = language == "fr" ? "\u202f" : ",";
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += separator;
    grouped += digits[i];
  }
  // A no-break space before the currency: "500 RWF" never breaks across two lines.
  return (negative ? "-" : "") + grouped + "\u00a0RWF";
}

}  // namespace umuhanda
