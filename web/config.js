// Where the API is and how people sign in, for the local stack: `make run` serves its own
// generated copy (infra/local/web.py) naming the API it started. A deployed stage gets this
// file replaced by `make web STAGE=<stage>` (infra/web_config.py), which writes
// build/web/<stage>/ from the stack's outputs and syncs it to the web bucket, for example:
//   export default {
//     apiUrl: "https://abc123.execute-api.us-east-1.amazonaws.com/api",
//     auth: "cognito",
//     region: "us-east-1",
//     cognito: { domain: "callboard-dev-123456789012.auth.us-east-1.amazoncognito.com", clientId: "..." },
//   };
// Both also write `limits` (what may be uploaded, from chalicelib/domain/attachments.py), which
// js/uploads.js reads; this placeholder is never served.
export default {
  apiUrl: "http://127.0.0.1:8000",
  auth: "local",
  demoUsers: [],
};
