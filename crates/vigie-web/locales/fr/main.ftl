# Vigie — textes de l'interface, en français (langue par défaut).
# Chaque clé existe aussi dans ../en/main.ftl ; un test y veille.

app-name = Vigie
app-tagline = Contrôle démocratique des ressources de défense et de sécurité
lang-switch-label = Langue
nav-home = Accueil
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-signed-in-as = Connecté·e : { $username }
skip-to-content = Aller au contenu

demo-banner = Instance de démonstration : les comptes de démonstration ont tous le mot de passe « demo ». Les entrées marquées « illustratif » sont des exemples, pas des faits.

home-title = Pays et institutions de contrôle
home-intro = Vigie suit les budgets de défense et de sécurité, les marchés, les documents classifiés et les recommandations dans cinq États du Sahel. Voici, pour chacun, les institutions qui produisent l'information ou la contrôlent.
home-empty = Aucun pays n'est encore enregistré. Lancez « vigie serve --demo » sur une base vide pour charger les données de démonstration.
home-institutions = Institutions
home-international = Organisations régionales, internationales et partenaires
home-currency = Monnaie : { $currency }
home-milex = Dépenses militaires { $year } (SIPRI) : { $amount } millions de dollars US constants de 2022
home-milex-gdp = soit { $share } % du PIB
home-milex-none = Pas de série SIPRI enregistrée.
home-sources = Sources : SIPRI Military Expenditure Database (édition 2023) ; institutions : note d'information de la conférence régionale de Bamako (2021) et sources publiques citées dans les données.

badge-illustrative = illustratif
badge-illustrative-title = Nom non vérifié dans les sources publiques : exemple, pas un fait
badge-oversight = contrôle

kind-parliament_commission = Commission défense et sécurité du Parlement
kind-court_of_auditors = Cour des comptes / institution supérieure de contrôle
kind-armed_forces_inspectorate = Inspection générale des armées
kind-police_inspectorate = Inspection générale de la police
kind-army_stewardship = Intendance / direction administrative et financière
kind-finance_control = Contrôle des finances (inspection, contrôle financier)
kind-procurement_directorate = Marchés publics (direction, régulation)
kind-ombudsman = Médiateur
kind-civil_society = Société civile
kind-press = Presse
kind-court = Juridiction
kind-international_org = Organisation régionale ou internationale
kind-partner = Partenaire technique et financier
kind-facilitator = Facilitateur régional

policies-title = Règles d'accès en vigueur
policies-intro = Qui peut voir, consulter, exporter, classifier, déclassifier, demander l'accès et y répondre : ces règles sont écrites en Cedar, publiées ici telles que le serveur les applique, et chacune est expliquée en clair. Ce qui n'est pas permis par une règle est refusé ; une règle « forbid » l'emporte toujours.
policies-show-text = Voir le texte Cedar
policies-schema = Schéma (le vocabulaire des règles)
nav-policies = Règles d'accès

login-title = Connexion
login-username = Identifiant
login-password = Mot de passe
login-submit = Se connecter
login-throttled = Trop de tentatives pour cet identifiant. Réessayez dans 15 minutes.
login-failed = Identifiant ou mot de passe incorrect.
login-demo-hint = Démonstration : essayez l'identifiant « mli-bvg » ou « bfa-codes » avec le mot de passe « demo ».

error-title = Erreur
error-not-found = Cette page n'existe pas.
error-unauthorized = Vous devez vous connecter pour voir cette page.
error-forbidden = Vous n'avez pas accès à cette page.
error-bad-request = La demande est invalide.
error-csrf = Le formulaire a expiré ou ne vient pas de Vigie. Rechargez la page et recommencez.
error-internal = Une erreur interne est survenue. Elle a été consignée ; réessayez plus tard.
error-back-home = Retour à l'accueil

footer-open-source = Vigie est un logiciel libre.
footer-version = Version { $version }

## Registre des documents classifiés
nav-register = Registre
nav-requests = Demandes d'accès
register-title = Registre des documents
register-intro = Les documents publics, et ceux que les règles d'accès publiées vous permettent de connaître. Ce que vous ne pouvez pas voir n'apparaît ni ici, ni dans les décomptes, ni dans les recherches, ni dans les exports.
register-search = Rechercher
register-country = Pays
register-level = Niveau
register-category = Catégorie
register-service = Service producteur
register-filter = Filtrer
register-count = { $count } document(s)
register-new = Enregistrer un document
register-export = Export CSV
register-empty = Aucun document ne correspond.
register-reference = Référence
register-doc-title = Titre
register-date = Date
register-declassify-on = Déclassification prévue
register-pages = Pages
document-classified-by = Classifié par
document-legal-basis = Base légale
document-justification = Justification
document-derived-from = Version de
document-download = Télécharger le contenu
document-no-content = Vous voyez cette fiche du registre, pas le contenu du document. Un organe de contrôle peut en demander l'accès.
document-history = Historique
document-request = Demander l'accès
document-request-submit = Envoyer la demande
document-declassify = Déclassifier
document-declassify-submit = Déclassifier
request-legal-basis = Base légale de la demande
request-purpose = Objet
new-title = Enregistrer un document
new-intro = Le contenu est chiffré dès réception, avec une clé propre au document. Le niveau doit être un code du barème du pays ; la date de déclassification ne peut dépasser la durée maximale du niveau.
new-file = Fichier
new-submit = Enregistrer
requests-title = Demandes d'accès
requests-intro = Chaque demande a un délai légal ; chaque réponse est motivée par écrit ; le demandeur peut faire recours. Les demandes en retard sont signalées des deux côtés.
requests-to-answer = À traiter par votre service
requests-mine = Vos demandes
requests-none = Aucune demande.
requests-request = Demande
requests-overdue = EN RETARD
requests-due = réponse due le { $date }
requests-until = accessible jusqu'au { $date }
decision-grant = Accorder
decision-partial = Accorder en partie (version expurgée)
decision-refuse = Refuser
decision-reasons = Motifs (obligatoires)
decision-remove = Passages à retirer (un par ligne)
decision-submit = Répondre
appeal-reasons = Motifs du recours
appeal-submit = Faire recours
requests-status-pending = en attente
requests-status-granted = accordée
requests-status-partial = accordée en partie
requests-status-refused = refusée
requests-status-appealed = en recours
