//! Our client verifies the certificate chain a server returns after a bootstrap made by
//! our CLI: against the official 3.9.3 server (interoperability tier) and ours.

use crate::test_env;
use parsec_client::certificates::{poll, CertificateStore};
use parsec_client::connection::{AuthenticatedCmds, Transport};
use parsec_client::device_store;
use parsec_protocol::ids::UserProfile;
use parsec_testkit::{Db, OurServer, ReferenceServer, Server, ALICE};

fn bootstrap_then_verify(server: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(server, org);
    env.bootstrap_organization(&url, &ALICE);

    let devices = device_store::list_devices(&env.config_dir()).expect("list devices");
    let [available] = devices.as_slice() else {
        panic!("one device expected, got {}", devices.len());
    };
    let device = device_store::load_device(available, ALICE.password).expect("unlock device");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let store = runtime.block_on(async {
        let cmds = AuthenticatedCmds::for_device(Transport::new().expect("transport"), &device)
            .expect("device address");
        let mut store = CertificateStore::new(device.root_verify_key);
        let added = poll(&cmds, &mut store).await.expect("certificates verify");
        assert_eq!(added, 2, "bootstrap user and device");
        // A second poll asks only for what is newer and gets nothing.
        assert_eq!(poll(&cmds, &mut store).await.expect("second poll"), 0);
        store
    });

    let users: Vec<_> = store.users().collect();
    assert_eq!(users.len(), 1);
    let user = users[0];
    assert_eq!(user.certificate.user_id, device.user_id);
    assert_eq!(user.current_profile(), UserProfile::Admin);
    assert_eq!(
        user.certificate.human_handle.as_ref(),
        Some(&device.human_handle)
    );
    let devices = store.devices_of(device.user_id);
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_id, device.device_id);
    assert_eq!(devices[0].verify_key, device.signing_key.verify_key());
    assert_eq!(devices[0].device_label.as_ref(), Some(&device.device_label));
}

#[test]
fn reference_server_certificates_verify() {
    let server = ReferenceServer::start();
    bootstrap_then_verify(&server, "CertsRefOrg");
}

#[test]
fn our_server_certificates_verify() {
    let server = OurServer::start(Db::Mocked);
    bootstrap_then_verify(&server, "CertsOurOrg");
}
