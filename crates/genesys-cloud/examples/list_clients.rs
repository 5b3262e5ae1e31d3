//! Lists every OAuth client, page by page: `cargo run -p genesys-cloud --example list_clients`.

#[path = "common/connect.rs"]
mod connect;

/// Prints one line per client.
pub async fn run() -> Result<usize, Box<dyn std::error::Error>> {
    let target = connect::connect().await?;
    let mut pages = target.client.get_oauth_clients().page_size(100).pages();
    let mut count = 0;
    while let Some(page) = pages.next_page().await? {
        for listed in page.entities.unwrap_or_default() {
            count += 1;
            let state = listed.state.as_ref().map_or("?", |state| state.as_str());
            println!(
                "{:<38} {:<9} {}",
                listed.id.unwrap_or_default(),
                state,
                listed.name
            );
        }
    }
    println!("{count} clients");
    Ok(count)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run().await.map(|_| ())
}
