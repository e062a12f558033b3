//! The policy files, compiled in: what is published is what is enforced.

/// One policy file: its name and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyFile {
    /// File name under `policies/`.
    pub name: &'static str,
    /// Cedar text.
    pub text: &'static str,
}

/// The Cedar schema the policies are validated against.
pub const SCHEMA: PolicyFile = PolicyFile {
    name: "schema.cedarschema",
    text: include_str!("../policies/schema.cedarschema"),
};

/// Every policy file, in the order the portal shows them.
pub const POLICY_FILES: [PolicyFile; 6] = [
    PolicyFile {
        name: "public.cedar",
        text: include_str!("../policies/public.cedar"),
    },
    PolicyFile {
        name: "oversight.cedar",
        text: include_str!("../policies/oversight.cedar"),
    },
    PolicyFile {
        name: "producers.cedar",
        text: include_str!("../policies/producers.cedar"),
    },
    PolicyFile {
        name: "writes.cedar",
        text: include_str!("../policies/writes.cedar"),
    },
    PolicyFile {
        name: "classification.cedar",
        text: include_str!("../policies/classification.cedar"),
    },
    PolicyFile {
        name: "limits.cedar",
        text: include_str!("../policies/limits.cedar"),
    },
];
