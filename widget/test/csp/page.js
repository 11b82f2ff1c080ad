// A salon page with a strict Content-Security-Policy that embeds a built widget: the ES module
// (`?build=esm`) or the classic script (`?build=iife`). Violations and the widget's errors are
// collected for the test.
const params = new URLSearchParams(location.search);
window.violations = [];
window.errors = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
document.addEventListener('salon-chat-error', (e) => window.errors.push(e.detail.code));
// what a page does before the script has loaded: a stub that queues commands
window.SalonChat = window.SalonChat || function () { (window.SalonChat.q = window.SalonChat.q || []).push(arguments); };
window.SalonChat('open');
const script = document.createElement('script');
script.async = true;
if (params.get('build') === 'iife') script.src = '/widget/dist/salon-chat.iife.js';
else {
  script.type = 'module';
  script.src = '/widget/dist/salon-chat.js';
}
document.head.append(script);
addEventListener('DOMContentLoaded', () => {
  const chat = document.createElement('salon-chat');
  chat.setAttribute('server', params.get('server'));
  chat.setAttribute('token', params.get('token'));
  chat.setAttribute('staff-id', '1');
  document.body.append(chat);
});
