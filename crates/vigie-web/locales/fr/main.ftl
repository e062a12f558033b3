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
