//! Runs the models-only example.

#[allow(unreachable_pub, dead_code)]
#[path = "../examples/models_only.rs"]
mod models_only;

#[test]
fn the_models_only_example_keeps_unknown_fields_in_the_put_body() {
    let body = models_only::run().unwrap();
    assert_eq!(body["allowedIpRanges"][0], "203.0.113.0/24");
    assert_eq!(body["authorizedGrantType"], "DEVICE-CODE");
    assert_eq!(body["state"], "inactive");
}
