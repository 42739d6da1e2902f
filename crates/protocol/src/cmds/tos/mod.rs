//! Terms of service commands (`POST /authenticated/<org>/tos`, signed `Authorization`
//! header). The route is authenticated like `/authenticated/<org>` but never answers 463,
//! so that a user who must accept the organization's terms can read and accept them.

pub mod tos_accept;
pub mod tos_get;

family! {
    TosCommand;
    /// Any request of the terms of service family, as the server decodes it.
    pub enum AnyCmdReq {
        /// `tos_get`.
        TosGet => tos_get,
        /// `tos_accept`.
        TosAccept => tos_accept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DateTime;

    #[test]
    fn requests_roundtrip() {
        assert!(matches!(
            AnyCmdReq::load(&tos_get::Req.dump()),
            Ok(AnyCmdReq::TosGet(_))
        ));
        let req = tos_accept::Req {
            tos_updated_on: DateTime::from_micros(1_700_000_000_123_456),
        };
        match AnyCmdReq::load(&req.dump()) {
            Ok(AnyCmdReq::TosAccept(got)) => assert_eq!(got, req),
            other => panic!("{other:?}"),
        }
        // An authenticated command is not one of this family.
        let other = crate::cmds::authenticated::invite_list::Req.dump();
        assert!(AnyCmdReq::load(&other).is_err());
    }
}
