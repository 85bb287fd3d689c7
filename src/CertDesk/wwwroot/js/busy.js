// CertDesk: a progress display for work that takes more than a second (plan solving, studies, PDF and XLSX files, the
// audit chain check). Forms and links marked data-busy="message" show an indeterminate <progress> with the message
// while the server works; a form's buttons are disabled so that it is not sent twice. No inline script (the content
// security policy allows 'self' scripts only); without JavaScript the forms and links work the same, without the display.
// Uploads have their own byte-level progress: upload-progress.js.
(function () {
    'use strict';

    function show(anchor, message) {
        var box = anchor.nextElementSibling;
        if (!box || !box.classList.contains('busy')) {
            box = document.createElement('span');
            box.className = 'busy';
            box.setAttribute('role', 'status');
            var bar = document.createElement('progress');
            var text = document.createElement('span');
            box.appendChild(bar);
            box.appendChild(text);
            anchor.insertAdjacentElement('afterend', box);
        }
        box.querySelector('progress').setAttribute('aria-label', message);
        box.querySelector('span').textContent = message;
        box.hidden = false;
        return box;
    }

    document.addEventListener('submit', function (event) {
        var form = event.target;
        if (event.defaultPrevented || !form.matches || !form.matches('form[data-busy]')) {
            return;
        }
        var submitter = event.submitter;
        if (submitter && submitter.hasAttribute('data-download')) {
            // The answer is a file: the page stays, so nothing is disabled and the message goes after a while.
            var note = show(form, submitter.getAttribute('data-download') || form.getAttribute('data-busy'));
            window.setTimeout(function () { note.hidden = true; }, 8000);
            return;
        }
        show(form, form.getAttribute('data-busy'));
        var buttons = form.querySelectorAll('button');
        // After this turn: the browser has already taken the pressed button's name and value into the submission.
        window.setTimeout(function () {
            for (var i = 0; i < buttons.length; i++) {
                buttons[i].disabled = true;
            }
        }, 0);
    });

    document.addEventListener('click', function (event) {
        var link = event.target.closest ? event.target.closest('a[data-busy]') : null;
        if (!link) {
            return;
        }
        // A download leaves the page in place and tells it nothing when done: the message goes after a while.
        var box = show(link, link.getAttribute('data-busy'));
        window.setTimeout(function () { box.hidden = true; }, 8000);
    });

    // Back to a page from the browser's cache: no work is running any more.
    window.addEventListener('pageshow', function () {
        var boxes = document.querySelectorAll('.busy');
        for (var i = 0; i < boxes.length; i++) {
            boxes[i].hidden = true;
        }
        var buttons = document.querySelectorAll('form[data-busy] button');
        for (var j = 0; j < buttons.length; j++) {
            buttons[j].disabled = false;
        }
    });
}());
