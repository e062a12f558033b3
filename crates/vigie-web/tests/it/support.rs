//! `TestApp`: the application over a fresh test database, and helpers to
//! send requests the way browsers and scripts do.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, header};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vigie_store::testing::TestStore;
use vigie_web::{AppState, WebConfig, app};

/// The checkpoint signing key of every test application.
pub fn test_key() -> vigie_ledger::SigningKey {
    vigie_ledger::SigningKey::from_seed("vigie-test/log", &[3; 32]).unwrap()
}

pub struct TestApp {
    pub router: Router,
    pub db: TestStore,
    /// The demo accounts' one-time codes, each given once.
    pub codes: vigie_store::testing::DemoCodes,
}

impl TestApp {
    /// The application on demo data.
    pub async fn demo() -> TestApp {
        let db = TestStore::new().await.unwrap();
        db.store.load_demo().await.unwrap();
        TestApp::on(
            db,
            WebConfig {
                demo: true,
                ..WebConfig::default()
            },
        )
    }

    /// The application on an empty database.
    pub async fn empty() -> TestApp {
        TestApp::empty_with(WebConfig::default()).await
    }

    /// The application on an empty database, with these settings.
    pub async fn empty_with(config: WebConfig) -> TestApp {
        TestApp::on(TestStore::new().await.unwrap(), config)
    }

    /// The application on `db`, with these settings.
    pub fn on(db: TestStore, config: WebConfig) -> TestApp {
        TestApp {
            router: app(AppState::new(
                db.store.clone(),
                config,
                test_key(),
                vigie_policy::Authorizer::load().unwrap(),
            )),
            db,
            codes: Default::default(),
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        Reply::read(response).await
    }

    /// Another server on the same database, as a second `vigie serve`
    /// behind the same load balancer: its own connections and memory.
    pub async fn another_server(&self) -> TestServer {
        let config = WebConfig {
            demo: true,
            ..WebConfig::default()
        };
        TestServer::on(self.db.another_handle().await.unwrap(), config)
    }

    /// `GET` from another server on the same database: an answer rendered
    /// afresh, not one this application kept.
    pub async fn get_from_another_server(&self, uri: &str) -> Reply {
        self.another_server().await.get(uri).await
    }

    /// This application as one of a test's servers.
    pub fn server(&self) -> TestServer {
        TestServer {
            router: self.router.clone(),
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.server().get(uri).await
    }

    /// `GET` with a `Cookie` header, as a signed-in browser sends it.
    pub async fn get_with_cookie(&self, uri: &str, cookie: &str) -> Reply {
        self.server().get_with_cookie(uri, cookie).await
    }

    /// Signs in through `POST /login` like a script would, and through
    /// `POST /login/code` with a code of the demo's TOTP secret when the
    /// account is asked for one; returns the session cookie (`name=value`).
    pub async fn sign_in(&self, username: &str, password: &str) -> String {
        let reply = self
            .post_form(
                "/login",
                &format!("username={username}&password={password}"),
                None,
            )
            .await;
        assert_eq!(
            reply.status, 303,
            "sign-in of {username} failed: {}",
            reply.body
        );
        if let Some(session) = reply.session_cookie() {
            return session;
        }
        let challenge = reply.cookie("vigie_challenge").expect("a challenge cookie");
        let reply = self
            .answer_code(&challenge, &self.codes.next(username))
            .await;
        assert_eq!(
            reply.status, 303,
            "code step of {username} failed: {}",
            reply.body
        );
        reply.session_cookie().expect("a session cookie")
    }

    /// `POST /login/code` with a challenge cookie.
    pub async fn answer_code(&self, challenge: &str, code: &str) -> Reply {
        self.post_form("/login/code", &format!("code={code}"), Some(challenge))
            .await
    }

    pub async fn post_form(&self, uri: &str, body: &str, cookie: Option<&str>) -> Reply {
        self.server().post_form_with(uri, body, cookie).await
    }

    /// An API token of a demo user.
    pub async fn token(&self, username: &str) -> String {
        self.db
            .store
            .create_api_token(&vigie_store::Actor::Cli, &username.parse().unwrap(), "test")
            .await
            .unwrap()
            .secret
    }

    /// A request with a bearer token (or none), as a script sends it.
    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        self.server()
            .call(method, uri, token, content_type, body)
            .await
    }

    /// `POST` JSON with a bearer token.
    pub async fn post_json(&self, uri: &str, token: &str, json: serde_json::Value) -> Reply {
        self.server().post_json(uri, token, json).await
    }

    /// Registers a document through `POST /api/v1/documents` (multipart).
    pub async fn upload(&self, token: &str, fields: &[(&str, &str)], file: &[u8]) -> Reply {
        self.server().upload(token, fields, file).await
    }

    /// A new account of an existing institution, with these roles and a
    /// clearance (rank), password `demo` (and the demo's TOTP secret when it
    /// needs a second factor): the attacker or the low-cleared
    /// official a test needs beside the demo's accounts.
    pub async fn add_user(
        &self,
        username: &str,
        institution: &str,
        roles: &[vigie_domain::Role],
        clearance: u8,
    ) {
        let store = &self.db.store;
        let new = vigie_store::NewUser {
            username: username.parse().unwrap(),
            institution: institution.parse().unwrap(),
            roles: roles.to_vec(),
            password_hash: vigie_store::credentials::hash_password("demo").unwrap(),
        };
        store
            .create_user(&vigie_store::Actor::Cli, &new)
            .await
            .unwrap();
        store
            .set_clearance(&vigie_store::Actor::Cli, &new.username, clearance)
            .await
            .unwrap();
        if vigie_domain::second_factor_required(roles, clearance) {
            store
                .enrol_second_factor(
                    &vigie_store::Actor::Cli,
                    &new.username,
                    vigie_store::demo::DEMO_TOTP_SECRET,
                )
                .await
                .unwrap();
        }
    }

    /// The id of a demo document of BFA's stewardship, by reference, as
    /// the stewardship's register lists it.
    pub async fn document_id(&self, reference: &str) -> i64 {
        let daf = self.token("bfa-daf").await;
        let register = self
            .call(
                "GET",
                "/api/v1/documents?country=BFA",
                Some(&daf),
                None,
                Vec::new(),
            )
            .await
            .json();
        register["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["reference"] == reference)
            .unwrap_or_else(|| panic!("no document {reference}"))["id"]
            .as_i64()
            .unwrap()
    }

    /// Uploads a file through an import page (`/budget/import`,
    /// `/procurement/import`) as its form does: the CSRF token of the
    /// signed-in page in the action URL, the file in a multipart body.
    pub async fn upload_form(
        &self,
        page: &str,
        session: &str,
        file: (&str, impl AsRef<[u8]>),
        dry_run: bool,
    ) -> Reply {
        let csrf = self
            .get_with_cookie(page, session)
            .await
            .csrf_token()
            .expect("a CSRF token on the import page");
        let boundary = "vigie-test-upload-boundary-9c2";
        let mut body = Vec::new();
        if dry_run {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n"
                )
                .bytes(),
            );
        }
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .bytes(),
        );
        body.extend_from_slice(file.1.as_ref());
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let token = csrf
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        let request = Request::post(format!("{page}?csrf_token={token}"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, session)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    pub async fn cleanup(self) {
        self.db.cleanup().await.unwrap();
    }
}

/// A second server of a test, on its database.
#[derive(Clone)]
pub struct TestServer {
    router: axum::Router,
}

impl TestServer {
    /// A server on `store`, with these settings.
    pub fn on(store: vigie_store::Store, config: WebConfig) -> TestServer {
        TestServer {
            router: app(AppState::new(
                store,
                config,
                test_key(),
                vigie_policy::Authorizer::load().unwrap(),
            )),
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        Reply::read(self.router.clone().oneshot(request).await.unwrap()).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// `GET` with a `Cookie` header, as a signed-in browser sends it.
    pub async fn get_with_cookie(&self, uri: &str, cookie: &str) -> Reply {
        let request = Request::get(uri)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// `POST` a form, with no cookie (as a script guessing passwords).
    pub async fn post_form(&self, uri: &str, body: &str) -> Reply {
        self.post_form_with(uri, body, None).await
    }

    /// `POST` a form, with a `Cookie` header or none.
    pub async fn post_form_with(&self, uri: &str, body: &str, cookie: Option<&str>) -> Reply {
        let mut request =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    /// A request with a bearer token (or none), as a script sends it.
    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(ct) = content_type {
            request = request.header(header::CONTENT_TYPE, ct);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// `POST` JSON with a bearer token.
    pub async fn post_json(&self, uri: &str, token: &str, json: serde_json::Value) -> Reply {
        self.call(
            "POST",
            uri,
            Some(token),
            Some("application/json"),
            json.to_string().into_bytes(),
        )
        .await
    }

    /// Registers a document through `POST /api/v1/documents` (multipart).
    pub async fn upload(&self, token: &str, fields: &[(&str, &str)], file: &[u8]) -> Reply {
        let boundary = "vigie-test-boundary-7d1f";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes());
        }
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\n").bytes());
        body.extend_from_slice(file);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        self.call(
            "POST",
            "/api/v1/documents",
            Some(token),
            Some(&format!("multipart/form-data; boundary={boundary}")),
            body,
        )
        .await
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    /// The body as text (lossy for binary bodies; see `bytes`).
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    async fn read(response: Response<Body>) -> Reply {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.cookie("vigie_session")
    }

    /// A cookie this reply sets (`name=value`), unless it clears it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")) && !c.contains("Max-Age=0"))
            .map(|c| c.split(';').next().unwrap().to_owned())
    }

    /// The value of the hidden `csrf_token` field in a page.
    pub fn csrf_token(&self) -> Option<String> {
        let marker = r#"name="csrf_token" value=""#;
        let start = self.body.find(marker)? + marker.len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_owned())
    }
}
