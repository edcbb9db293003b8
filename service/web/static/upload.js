// Upload page: drop or choose files, send each one as its own request (two at a time) with
// its progress, then follow its outcome until it is digitized or set aside. Without this
// script the form posts the files as a plain multipart form.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest) { return; }
  var drop = document.getElementById("upload-drop");
  var chooser = document.getElementById("upload-files");
  var list = document.getElementById("upload-list");
  var empty = document.getElementById("upload-empty");
  var maxBytes = Number(form.dataset.maxBytes);
  var maxMb = form.dataset.maxMb;
  var token = form.querySelector("input[name=csrf_token]").value;
  var queue = [];
  var running = 0;
  var AT_ONCE = 2;
  var POLL_MS = 2000;
  var POLL_TIMES = 300;
  var STATUS_WORDS = {
    401: "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại rồi tải lên lại.",
    403: "Không được phép (hãy tải lại trang rồi thử lại).",
    413: "Tệp quá lớn: mỗi tệp tối đa " + maxMb + " MB.",
  };

  chooser.required = false;
  document.getElementById("upload-send").hidden = true;
  drop.classList.add("upload-enhanced");

  function choices() {
    var data = new FormData(form);
    return {
      unit: data.get("unit") || "",
      kind: data.get("kind") || "",
      dossier: (data.get("dossier") || "").trim(),
    };
  }

  function row(file) {
    if (empty) { empty.remove(); empty = null; }
    var item = document.createElement("li");
    item.className = "upload-item sending";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = file.size || 1;
    bar.value = 0;
    bar.setAttribute("aria-label", "Tiến độ tải lên " + file.name);
    var said = document.createElement("span");
    said.className = "upload-outcome";
    said.textContent = "Đang chờ gửi…";
    item.append(name, bar, said);
    list.prepend(item);
    return { item: item, bar: bar, said: said };
  }

  function show(view, outcome) {
    view.item.className = "upload-item " + outcome.outcome;
    view.said.textContent = outcome.message + " ";
    if (outcome.link) {
      var link = document.createElement("a");
      link.href = outcome.link;
      link.textContent = "Xem tài liệu số " + outcome.document;
      view.said.append(link);
    }
  }

  function refused(view, message) {
    view.bar.remove();
    show(view, { outcome: "refused", message: message, link: null });
  }

  function follow(view, id, times) {
    if (times <= 0) { return; }
    window.setTimeout(function () {
      var asking = new XMLHttpRequest();
      asking.open("GET", "/clerk/upload/documents/" + id);
      asking.responseType = "json";
      asking.onload = function () {
        if (asking.status !== 200 || !asking.response) { return; }
        show(view, asking.response);
        if (asking.response.outcome === "received") { follow(view, id, times - 1); }
      };
      asking.send();
    }, POLL_MS);
  }

  function send(job) {
    running += 1;
    var where = job.where;
    var query = new URLSearchParams({
      unit: where.unit, kind: where.kind, dossier: where.dossier, name: job.file.name,
    });
    var request = new XMLHttpRequest();
    request.open("POST", "/clerk/upload/file?" + query.toString());
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.setRequestHeader("X-CSRF-Token", token);
    request.responseType = "json";
    job.view.said.textContent = "Đang gửi…";
    request.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        job.view.bar.max = event.total;
        job.view.bar.value = event.loaded;
      }
    };
    request.onload = function () {
      var answer = request.response;
      if (request.status === 200 && answer) {
        job.view.bar.remove();
        show(job.view, answer);
        if (answer.outcome === "received") { follow(job.view, answer.document, POLL_TIMES); }
      } else {
        refused(job.view, (answer && answer.message) || STATUS_WORDS[request.status] ||
          "Không tải lên được (lỗi " + request.status + ").");
      }
    };
    request.onerror = function () {
      refused(job.view, "Mất kết nối khi đang gửi tệp. Hãy thử lại.");
    };
    request.onloadend = function () {
      running -= 1;
      next();
    };
    request.send(job.file);
  }

  function next() {
    while (running < AT_ONCE && queue.length) { send(queue.shift()); }
  }

  function take(files) {
    var where = choices();
    if (!where.unit || !where.kind) {
      form.reportValidity();
      return;
    }
    Array.prototype.forEach.call(files, function (file) {
      var view = row(file);
      if (file.size > maxBytes) {
        refused(view, STATUS_WORDS[413]);
        return;
      }
      queue.push({ file: file, where: where, view: view });
    });
    next();
  }

  chooser.addEventListener("change", function () {
    take(chooser.files);
    chooser.value = "";
  });
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) {
      event.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) { take(event.dataTransfer.files); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    take(chooser.files);
  });
}());
