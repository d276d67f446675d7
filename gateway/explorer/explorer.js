// The hub's own GraphQL explorer: no framework, nothing fetched from elsewhere (it works offline).
// It POSTs the operation to /graphql with the token given; the schema's documentation is /docs.
(function () {
  'use strict';
  var query = document.getElementById('query');
  var variables = document.getElementById('variables');
  var token = document.getElementById('token');
  var result = document.getElementById('result');
  var saved = window.sessionStorage;
  ['query', 'variables', 'token'].forEach(function (id) {
    var field = document.getElementById(id);
    if (saved.getItem('explorer.' + id) !== null) field.value = saved.getItem('explorer.' + id);
    field.addEventListener('input', function () { saved.setItem('explorer.' + id, field.value); });
  });

  function run() {
    var vars;
    try {
      vars = variables.value.trim() ? JSON.parse(variables.value) : {};
    } catch (error) {
      result.textContent = 'Variables are not JSON: ' + error.message;
      return;
    }
    var headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (token.value.trim()) headers.authorization = 'Bearer ' + token.value.trim();
    result.textContent = '…';
    fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify({ query: query.value, variables: vars }) })
      .then(function (response) { return response.text().then(function (text) { return { status: response.status, text: text }; }); })
      .then(function (answer) {
        var body;
        try { body = JSON.stringify(JSON.parse(answer.text), null, 2); } catch (e) { body = answer.text; }
        result.textContent = (answer.status === 200 ? '' : 'HTTP ' + answer.status + '\n') + body;
      })
      .catch(function (error) { result.textContent = 'The hub did not answer: ' + error.message; });
  }
  document.getElementById('run').addEventListener('click', run);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run();
  });
})();
