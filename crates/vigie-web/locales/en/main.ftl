# Vigie — interface texts in English.
# Every key also exists in ../fr/main.ftl; a test keeps them in step.

app-name = Vigie
app-tagline = Democratic oversight of defense and security resources
lang-switch-label = Language
nav-home = Home
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-signed-in-as = Signed in: { $username }
skip-to-content = Skip to content

demo-banner = Demo instance: every demo account has the password “demo”. Entries marked “illustrative” are examples, not facts.

home-title = Countries and oversight institutions
home-intro = Vigie follows defense and security budgets, procurement, classified documents and recommendations in five Sahel states. Here, for each, are the institutions that produce the information or oversee it.
home-empty = No country is recorded yet. Run “vigie serve --demo” on an empty database to load the demo data.
home-institutions = Institutions
home-international = Regional and international organisations and partners
home-currency = Currency: { $currency }
home-milex = Military expenditure { $year } (SIPRI): US$ { $amount } million at constant 2022 prices
home-milex-gdp = that is { $share }% of GDP
home-milex-none = No SIPRI series recorded.
home-sources = Sources: SIPRI Military Expenditure Database (2023 release); institutions: information note of the Bamako regional conference (2021) and the public sources cited in the data.

badge-illustrative = illustrative
badge-illustrative-title = Name not verified in public sources: an example, not a fact
badge-oversight = oversight

kind-parliament_commission = Parliament defense and security commission
kind-court_of_auditors = Court of auditors / supreme audit institution
kind-armed_forces_inspectorate = General inspectorate of the armed forces
kind-police_inspectorate = General police inspectorate
kind-army_stewardship = Army stewardship / administrative and financial directorate
kind-finance_control = Finance control (inspectorate, financial control)
kind-procurement_directorate = Public procurement (directorate, regulator)
kind-ombudsman = Ombudsman
kind-civil_society = Civil society
kind-press = Press
kind-court = Court
kind-international_org = Regional or international organisation
kind-partner = Technical and financial partner
kind-facilitator = Regional facilitator

policies-title = Access rules in force
policies-intro = Who may list, consult, export, classify, declassify, request access and answer requests: these rules are written in Cedar, published here exactly as the server applies them, and each is explained in plain words. Anything no rule permits is refused; a "forbid" rule always wins.
policies-show-text = Show the Cedar text
policies-schema = Schema (the rules' vocabulary)
nav-policies = Access rules

login-title = Sign in
login-username = Username
login-password = Password
login-submit = Sign in
login-throttled = Too many attempts for this username. Try again in 15 minutes.
login-failed = Wrong username or password.
login-demo-hint = Demo: try the username “mli-bvg” or “bfa-codes” with the password “demo”.

error-title = Error
error-not-found = This page does not exist.
error-unauthorized = You need to sign in to see this page.
error-forbidden = You do not have access to this page.
error-bad-request = The request is invalid.
error-csrf = The form has expired or does not come from Vigie. Reload the page and try again.
error-internal = An internal error occurred. It has been logged; please try again later.
error-back-home = Back to the home page

footer-open-source = Vigie is free software.
footer-version = Version { $version }

## Classified document register
nav-register = Register
nav-requests = Access requests
register-title = Document register
register-intro = Public documents, and those the published access rules let you know of. What you may not see appears nowhere: not here, not in counts, searches or exports.
register-search = Search
register-country = Country
register-level = Level
register-category = Category
register-service = Producing service
register-filter = Filter
register-count = { $count } document(s)
register-new = Register a document
register-export = CSV export
register-empty = No matching document.
register-reference = Reference
register-doc-title = Title
register-date = Date
register-declassify-on = Declassification due
register-pages = Pages
document-classified-by = Classified by
document-legal-basis = Legal basis
document-justification = Justification
document-derived-from = Version of
document-download = Download the content
document-no-content = You see this register entry, not the document's content. An oversight body may request access.
document-history = History
document-request = Request access
document-request-submit = Send the request
document-declassify = Declassify
document-declassify-submit = Declassify
request-legal-basis = Legal basis of the request
request-purpose = Purpose
new-title = Register a document
new-intro = The content is encrypted on arrival, with a key of its own. The level must be a code of the country's scheme; the declassification date cannot exceed the level's maximum duration.
new-file = File
new-submit = Register
requests-title = Access requests
requests-intro = Every request has a legal deadline; every answer gives written reasons; the requester may appeal. Overdue requests are flagged on both sides.
requests-to-answer = For your service to answer
requests-mine = Your requests
requests-none = No request.
requests-request = Request
requests-overdue = OVERDUE
requests-due = answer due on { $date }
requests-until = open until { $date }
decision-grant = Grant
decision-partial = Grant in part (redacted version)
decision-refuse = Refuse
decision-reasons = Reasons (required)
decision-remove = Passages to remove (one per line)
decision-submit = Answer
appeal-reasons = Reasons for the appeal
appeal-submit = Appeal
requests-status-pending = pending
requests-status-granted = granted
requests-status-partial = granted in part
requests-status-refused = refused
requests-status-appealed = appealed
