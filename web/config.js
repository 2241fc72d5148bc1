// Where the API is and how people sign in. `make run` serves a generated copy of this file
// (infra/local/web.py) naming the API it started; a deployed stage's copy is written at deploy
// time, for example:
//   export default {
//     apiUrl: "https://abc123.execute-api.us-east-1.amazonaws.com/api",
//     auth: "cognito",
//     cognito: { domain: "callboard-dev-123456789012.auth.us-east-1.amazoncognito.com", clientId: "..." },
//   };
export default {
  apiUrl: "http://127.0.0.1:8000",
  auth: "local",
  demoUsers: [],
};
