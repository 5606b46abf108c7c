// The ses console's only script: refreshes progress bars from their JSON and fills a CSV text area from a file.
(function () {
  'use strict';
  document.querySelectorAll('progress[data-progress]').forEach(function (bar) {
    var label = document.getElementById(bar.getAttribute('data-label'));
    if (bar.getAttribute('data-done') === 'true') {
      return;
    }
    function poll() {
      fetch(bar.getAttribute('data-progress'), { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (p) {
          bar.value = p.percent;
          if (label) { label.textContent = p.text; }
          var status = document.getElementById('task-status');
          if (status) { status.textContent = p.status; }
          if (!p.done) { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
  });
  document.querySelectorAll('input[type=file][data-fills]').forEach(function (input) {
    input.addEventListener('change', function () {
      var target = document.getElementById(input.getAttribute('data-fills'));
      var file = input.files && input.files[0];
      if (!target || !file) { return; }
      var reader = new FileReader();
      reader.onload = function () { target.value = reader.result; };
      reader.readAsText(file, 'utf-8');
    });
  });
}());
