/* The signature drawn on the screen with a finger or a mouse. It is sent as a PNG in the
   form's own file field, so the server takes it as it takes a photo of a signature:
   checked by its content and size. Without this script (or without DataTransfer) the
   photo is the way to sign, and the pad stays hidden. */
(function () {
  "use strict";
  var pad = document.getElementById("signature-pad");
  var fileInput = document.getElementById("id_file");
  if (!pad || !fileInput || typeof DataTransfer === "undefined") {
    return;
  }
  var form = fileInput.form;
  var canvas = pad.querySelector("canvas");
  var context = canvas.getContext("2d");
  var drawn = false;
  var drawing = false;
  var converted = false;

  function blank() {
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth;
    var height = Math.round(width * 0.45);
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.height = height + "px";
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    // White, not transparent: the signature is printed with the form.
    context.fillStyle = "#fff";
    context.fillRect(0, 0, width, height);
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#000";
    drawn = false;
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    var at = point(event);
    context.beginPath();
    context.moveTo(at.x, at.y);
    // A dot for a tap, so that a tap alone shows where it landed.
    context.lineTo(at.x + 0.1, at.y + 0.1);
    context.stroke();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) {
      return;
    }
    var at = point(event);
    context.lineTo(at.x, at.y);
    context.stroke();
    drawn = true;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () {
      drawing = false;
    });
  });
  pad.querySelector("button.clear").addEventListener("click", blank);

  // The pad is for a signature; a thumbprint is photographed.
  var choices = form.querySelectorAll("input[name='signature-signature']");
  function showForChoice() {
    var chosen = form.querySelector("input[name='signature-signature']:checked");
    pad.hidden = chosen !== null && chosen.value !== "signature";
  }
  choices.forEach(function (choice) {
    choice.addEventListener("change", showForChoice);
  });

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var sending = submitter && (submitter.name === "upload" || submitter.name === "next");
    if (converted || !drawn || pad.hidden || !sending || fileInput.files.length > 0) {
      return;
    }
    event.preventDefault();
    canvas.toBlob(function (blob) {
      var files = new DataTransfer();
      files.items.add(new File([blob], "signature.png", { type: "image/png" }));
      fileInput.files = files.files;
      converted = true;
      form.requestSubmit(submitter);
    }, "image/png");
  });

  pad.hidden = false;
  showForChoice();
  blank();
})();
