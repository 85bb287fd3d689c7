// CertDesk: upload progress for forms marked data-progress (no inline script: the content security policy allows 'self' scripts only).
// Without JavaScript the form posts normally and the server answers with the result page; with it, the same form is sent with
// XMLHttpRequest so that the upload progress shows in a <progress> element, and the result part of the answer replaces the current one.
(function () {
    'use strict';

    function setup(form) {
        var box = document.getElementById(form.getAttribute('data-progress'));
        var resultId = form.getAttribute('data-result');
        var bar = box.querySelector('progress');
        var label = box.querySelector('label');
        var text = box.querySelector('[aria-live]');
        var maxBytes = Number(form.getAttribute('data-max-bytes') || '0');
        var button = form.querySelector('button[type=submit]');
        form.setAttribute('data-enhanced', 'true');

        function show(message, percent) {
            box.hidden = false;
            label.textContent = message;
            if (percent === null) {
                bar.removeAttribute('value');
                text.textContent = '';
            } else {
                bar.value = percent;
                text.textContent = percent + ' %';
            }
        }

        form.addEventListener('submit', function (event) {
            if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) {
                return; // the plain POST still works
            }
            var file = form.querySelector('input[type=file]');
            if (file && file.files && file.files.length === 1 && maxBytes > 0 && file.files[0].size > maxBytes) {
                event.preventDefault();
                show('The file is larger than the limit: import it with the command line.', 0);
                return;
            }
            event.preventDefault();
            var data = new FormData(form);
            var token = form.querySelector('input[name=__RequestVerificationToken]');
            var xhr = new XMLHttpRequest();
            xhr.open('POST', form.action);
            if (token) {
                xhr.setRequestHeader('RequestVerificationToken', token.value);
            }
            xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
            xhr.upload.addEventListener('progress', function (e) {
                if (e.lengthComputable) {
                    show('Uploading…', Math.round(e.loaded * 100 / e.total));
                }
            });
            xhr.upload.addEventListener('load', function () {
                show('Uploaded. Checking and importing on the server…', null);
            });
            xhr.addEventListener('load', function () {
                button.disabled = false;
                if (xhr.status !== 200) {
                    show('The upload failed (HTTP ' + xhr.status + '). Try again, or reload the page.', 0);
                    return;
                }
                var answer = new DOMParser().parseFromString(xhr.responseText, 'text/html');
                var fresh = answer.getElementById(resultId);
                var current = document.getElementById(resultId);
                if (fresh && current) {
                    current.replaceWith(document.importNode(fresh, true));
                }
                var freshToken = answer.querySelector('#' + form.id + ' input[name=__RequestVerificationToken]');
                if (freshToken && token) {
                    token.value = freshToken.value;
                }
                show('Done.', 100);
                var heading = document.querySelector('#' + resultId + ' h2');
                if (heading) {
                    heading.setAttribute('tabindex', '-1');
                    heading.focus();
                }
            });
            xhr.addEventListener('error', function () {
                button.disabled = false;
                show('The upload failed: the connection was lost. Try again.', 0);
            });
            button.disabled = true;
            show('Uploading…', 0);
            xhr.send(data);
        });
    }

    var forms = document.querySelectorAll('form[data-progress]');
    for (var i = 0; i < forms.length; i++) {
        setup(forms[i]);
    }
}());
