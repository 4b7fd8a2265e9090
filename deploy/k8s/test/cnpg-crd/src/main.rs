//! Prints the `clusters.postgresql.cnpg.io` CustomResourceDefinition as JSON on standard output.
use kube::CustomResourceExt;

fn main() {
    let crd = k8s_crds_cloud_native_pg::clusters::Cluster::crd();
    println!("{}", serde_json::to_string(&crd).expect("a CRD serialises"));
}
