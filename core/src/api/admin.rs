//! Mini-program admin rebind (spec §5), step 2. Step 1 is the page
//! [`super::pages::RebindAdminPage`] (`page.rebind_admin`), whose redirect carries `taskid`.

use serde::{Deserialize, Serialize};

use super::validate::id;
use super::{ApiBase, Operation};
use crate::error::Result;
use crate::http::Request;
use crate::token::AuthorizerAccessToken;
use crate::wire::{Ack, json_body};

/// `POST /cgi-bin/account/componentrebindadmin` (spec §5, AAT of the **mini program**):
/// complete an admin change with the `taskid` from the page's redirect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RebindAdmin {
    /// The task id from `redirect_uri?taskid=…` (required).
    #[serde(default)]
    pub taskid: String,
}

impl Operation for RebindAdmin {
    const NAME: &'static str = "admin.rebind";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        id("taskid", &self.taskid)?;
        let url = base.url(
            "/cgi-bin/account/componentrebindadmin",
            Some(("access_token", token.expose())),
            &[],
        );
        Ok(Request::post_json(url, json_body(Self::NAME, self)?))
    }
}
