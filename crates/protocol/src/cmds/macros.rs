//! The two declarative macros behind every command: [`command!`] declares one command
//! (its name, families, and the status table of its reply), [`family!`] lists the
//! commands a server endpoint accepts.
//!
//! A status table row is `"status" => Variant`, `"status" => Variant(FieldsType)` or
//! `"status" => Variant { field: Type, … }`: the string is written once, and both
//! `Rep::dump` and `Rep::load` come from it. The other `rep_*` macros are the helpers
//! that turn one row into a pattern, an encoder, a decoder or a test example.

/// Declares a command: its marker type implementing [`Command`](super::Command) and the
/// family traits, `CMD`, `Req::dump` and the `Rep` enum from its status table. The module
/// must define `Req` (a unit struct when declared with `no fields`).
///
/// ```text
/// command! {
///     /// The `user_revoke` command.
///     UserRevoke = "user_revoke" for [AuthenticatedCommand];
///     /// Response.
///     #[derive(Debug, Clone, PartialEq)]
///     pub enum Rep {
///         /// Revoked.
///         "ok" => Ok,
///         /// The target was revoked before.
///         "user_already_revoked" => UserAlreadyRevoked(UserAlreadyRevoked),
///     }
/// }
/// ```
macro_rules! command {
    (
        $(#[$cmd_attr:meta])*
        $cmd:ident = $name:literal for [$($family:ident),+ $(,)?] $(, $no:ident fields)?;
        $(#[$rep_attr:meta])*
        pub enum Rep {
            $(
                $(#[$var_attr:meta])*
                $status:literal => $variant:ident
                    $(( $tuple:ty ))?
                    $({ $( $(#[$field_attr:meta])* $field:ident : $field_ty:ty ),+ $(,)? })?
            ),+ $(,)?
        }
    ) => {
        /// Command name.
        pub const CMD: &str = $name;

        $(#[$cmd_attr])*
        #[derive(Debug)]
        pub enum $cmd {}

        impl $crate::cmds::Command for $cmd {
            const NAME: &'static str = CMD;
            const STATUSES: &'static [&'static str] = &[$($status),+];
            type Req = Req;
            type Rep = Rep;

            fn dump_req(req: &Req) -> Vec<u8> {
                req.dump()
            }

            fn load_req(raw: $crate::cmds::RawReq<'_>) -> Result<Req, $crate::data::DataError> {
                command!(@load_req raw $($no)?)
            }

            fn dump_rep(rep: &Rep) -> Vec<u8> {
                rep.dump()
            }

            fn load_rep(bytes: &[u8]) -> Result<Rep, $crate::data::DataError> {
                Rep::load(bytes)
            }

            #[cfg(test)]
            fn rep_examples() -> Vec<(&'static str, Rep)> {
                vec![$((
                    $status,
                    rep_example!($variant $(($tuple))? $({ $($field: $field_ty),+ })?),
                )),+]
            }
        }

        $(impl $crate::cmds::$family for $cmd {})+

        command!(@req_dump $($no)?);

        $(#[$rep_attr])*
        pub enum Rep {
            $(
                $(#[$var_attr])*
                $variant $(($tuple))? $({ $( $(#[$field_attr])* $field: $field_ty ),+ })?,
            )+
            /// Any other status.
            UnknownStatus($crate::cmds::UnknownStatus),
        }

        impl Rep {
            /// Encodes the response body: `status`, then the fields sorted by name.
            pub fn dump(&self) -> Vec<u8> {
                match self {
                    $(
                        rep_pattern!(fields; $variant $(($tuple))? $({ $($field),+ })?) => {
                            rep_dump!(fields; $status; $($tuple)? $({ $($field: $field_ty),+ })?)
                        }
                    )+
                    Self::UnknownStatus(u) => $crate::cmds::dump_status(&u.status),
                }
            }

            /// Decodes a response body; a status not in the table is
            /// [`UnknownStatus`](Self::UnknownStatus), extra keys are ignored.
            pub fn load(bytes: &[u8]) -> Result<Self, $crate::data::DataError> {
                let raw = $crate::cmds::RawRep::parse(bytes)?;
                Ok(match raw.status.as_str() {
                    $(
                        $status => rep_load!(
                            raw; $variant $(($tuple))? $({ $($field: $field_ty),+ })?
                        ),
                    )+
                    _ => Self::UnknownStatus(raw.unknown()),
                })
            }
        }
    };

    (@load_req $raw:ident) => { $raw.fields() };
    (@load_req $raw:ident no) => { $raw.no_fields().map(|()| Req) };

    (@req_dump) => {
        impl Req {
            /// Encodes the request body: `cmd`, then the fields in declaration order.
            pub fn dump(&self) -> Vec<u8> {
                $crate::cmds::dump_req(CMD, self)
            }
        }
    };
    (@req_dump no) => {
        impl Req {
            /// Encodes the request body (`cmd` only).
            pub fn dump(&self) -> Vec<u8> {
                $crate::cmds::dump_req(CMD, &())
            }
        }
    };
}

/// The pattern matching one status row, binding its fields to `$bind` (tuple rows) or
/// to their own names (struct rows).
macro_rules! rep_pattern {
    ($bind:ident; $variant:ident) => { Self::$variant };
    ($bind:ident; $variant:ident ($tuple:ty)) => { Self::$variant($bind) };
    ($bind:ident; $variant:ident { $($field:ident),+ }) => { Self::$variant { $($field),+ } };
}

/// Encodes one status row from the bindings of [`rep_pattern!`].
macro_rules! rep_dump {
    ($bind:ident; $status:literal;) => {
        $crate::cmds::dump_status($status)
    };
    ($bind:ident; $status:literal; { $($field:ident: $field_ty:ty),+ }) => {{
        #[derive(::serde::Serialize)]
        struct Fields<'a> {
            $($field: &'a $field_ty),+
        }
        $crate::cmds::dump_rep($status, &Fields { $($field),+ })
    }};
    ($bind:ident; $status:literal; $tuple:ty) => {
        $crate::cmds::dump_rep($status, $bind)
    };
}

/// Decodes the fields of one status row from the `RawRep` named `$raw`.
macro_rules! rep_load {
    ($raw:ident; $variant:ident) => {
        Self::$variant
    };
    ($raw:ident; $variant:ident ($tuple:ty)) => {
        Self::$variant($raw.fields()?)
    };
    ($raw:ident; $variant:ident { $($field:ident: $field_ty:ty),+ }) => {{
        #[derive(::serde::Deserialize)]
        struct Fields {
            $($field: $field_ty),+
        }
        let Fields { $($field),+ } = $raw.fields()?;
        Self::$variant { $($field),+ }
    }};
}

/// A value of one status row, its fields built by `tests::Example`.
#[cfg(test)]
macro_rules! rep_example {
    ($variant:ident) => {
        Rep::$variant
    };
    ($variant:ident ($tuple:ty)) => {
        Rep::$variant(<$tuple as $crate::cmds::tests::Example>::example())
    };
    ($variant:ident { $($field:ident: $field_ty:ty),+ }) => {
        Rep::$variant { $($field: <$field_ty as $crate::cmds::tests::Example>::example()),+ }
    };
}

/// Declares a family's `AnyCmdReq` (what its endpoint accepts) from one list of
/// `Variant => module` rows, where `module::Variant` is the command's marker type, and
/// re-exports the markers.
macro_rules! family {
    (
        $family:ident;
        $(#[$any_attr:meta])*
        pub enum AnyCmdReq {
            $( $(#[$var_attr:meta])* $variant:ident => $module:ident ),+ $(,)?
        }
    ) => {
        $(pub use $module::$variant;)+

        $(#[$any_attr])*
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum AnyCmdReq {
            $( $(#[$var_attr])* $variant($module::Req), )+
        }

        impl AnyCmdReq {
            /// Decodes a request body; an error means HTTP 415.
            pub fn load(bytes: &[u8]) -> Result<Self, $crate::data::DataError> {
                use $crate::cmds::Command;
                let raw = $crate::cmds::RawReq::parse(bytes)?;
                match raw.cmd.as_str() {
                    $( $module::CMD => $variant::load_req(raw).map(Self::$variant), )+
                    other => Err($crate::data::DataError::Deserialization(format!(
                        "unknown command `{other}`"
                    ))),
                }
            }

            /// Calls `visitor` with every command of the family.
            pub fn visit_commands(visitor: &mut impl $crate::cmds::CommandVisitor) {
                $( visitor.visit::<$variant>(); )+
            }
        }

        // Every command listed is declared for this family.
        const _: fn() = || {
            fn is_in_family<C: $crate::cmds::$family>() {}
            $( is_in_family::<$variant>(); )+
        };
    };
}
