/* Filling VIFs with no connection, for days, and sending them when it is back.

   Each form saved is given an id made here and kept in IndexedDB encrypted with AES-GCM
   under a key made on this device for this user: the key is not extractable (the
   browser uses it but never hands it out), and it and the forms are erased when the
   user signs out from the app. The forms are sent, many at once, whenever there is a
   connection; the server records each id once, so a send repeated after a dropped
   answer never makes two applications.

   Documents photographed with a form are sealed with the same key, each file and what
   it is (kind, name, type) apart, its size alone in clear for the list; a form that
   carries some is sent alone, as multipart, its files beside its fields, and they are
   erased with its answers once it has arrived. */
"use strict";

(function () {
  const root = document.getElementById("intake");
  if (!root) return;
  const texts = root.dataset;
  const DB_NAME = "vss-intake-" + root.dataset.user;
  const CACHE = "vss-intake-v1";
  const AT_ONCE = 50;
  const MOST_DOCUMENTS = Number(texts.mostDocuments);
  const LARGEST_DOCUMENT = Number(texts.largestDocument);
  const form = document.getElementById("intake-form");
  const documentKind = document.getElementById("intake-document-kind");
  const documentFile = document.getElementById("intake-document-file");
  let items = [];
  // The documents of the form being filled, in clear until it is saved.
  let pending = [];
  let sending = false;

  const { openDb, done, asked, newId, keepFrame } = self.VSSOffline;
  const dbReady = openDb(DB_NAME, (db) => {
    db.createObjectStore("keys", { keyPath: "name" });
    db.createObjectStore("forms", { keyPath: "id" });
  });

  async function deviceKey() {
    const db = await dbReady;
    const found = await asked(db.transaction("keys").objectStore("keys").get("forms"));
    if (found) return found.key;
    const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
      "encrypt",
      "decrypt",
    ]);
    const transaction = db.transaction("keys", "readwrite");
    transaction.objectStore("keys").put({ name: "forms", key });
    await done(transaction);
    return key;
  }

  async function encrypt(value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new TextEncoder().encode(JSON.stringify(value));
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await deviceKey(), data);
    return { iv, sealed };
  }

  async function decrypt(item) {
    return JSON.parse(new TextDecoder().decode(await decryptBytes(item)));
  }

  async function encryptBytes(bytes) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await deviceKey(), bytes);
    return { iv, sealed };
  }

  async function decryptBytes(item) {
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: item.iv }, await deviceKey(), item.sealed);
  }

  async function sealDocument(paper) {
    const about = await encrypt({ kind: paper.kind, name: paper.name, type: paper.type });
    return Object.assign({ size: paper.size, about }, await encryptBytes(paper.bytes));
  }

  async function openDocument(sealed) {
    const about = await decrypt(sealed.about);
    return Object.assign(about, { size: sealed.size, bytes: await decryptBytes(sealed) });
  }

  function documentsOf(item) {
    return item.documents || [];
  }

  async function readStored() {
    const db = await dbReady;
    return asked(db.transaction("forms").objectStore("forms").getAll());
  }

  async function store(list) {
    const db = await dbReady;
    const transaction = db.transaction("forms", "readwrite");
    list.forEach((item) => transaction.objectStore("forms").put(item));
    await done(transaction);
  }

  function notice(text) {
    document.getElementById("intake-notice").textContent = text;
  }

  function when(iso) {
    return new Date(iso).toLocaleString(document.documentElement.lang);
  }

  function sizeText(bytes) {
    const large = bytes >= 1024 * 1024;
    const format = new Intl.NumberFormat(document.documentElement.lang, {
      style: "unit",
      unit: large ? "megabyte" : "kilobyte",
      maximumFractionDigits: 1,
    });
    return format.format(large ? bytes / (1024 * 1024) : Math.max(bytes / 1024, 0.1));
  }

  function removeButton(action) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = texts.remove;
    button.addEventListener("click", action);
    return button;
  }

  function kindLabel(kind) {
    const option = Array.from(documentKind.options).find((o) => o.value === kind);
    return option ? option.textContent : kind;
  }

  function renderPending() {
    const list = document.getElementById("intake-documents-list");
    list.replaceChildren();
    pending.forEach((paper, index) => {
      const line = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = paper.name;
      name.setAttribute("translate", "no");
      line.append(kindLabel(paper.kind) + " · ", name, " (" + sizeText(paper.size) + ") ");
      line.append(
        removeButton(() => {
          pending.splice(index, 1);
          renderPending();
        })
      );
      list.append(line);
    });
  }

  async function addDocument() {
    const file = documentFile.files[0];
    documentFile.value = "";
    if (!file) return;
    // Refused here, while the intermediary still holds the paper: the server would
    // refuse the whole form for it, days later.
    if (pending.length >= MOST_DOCUMENTS) {
      notice(texts.tooManyDocuments);
      return;
    }
    if (file.size > LARGEST_DOCUMENT) {
      notice(texts.tooLargeDocument.replace("{name}", file.name).replace("{size}", sizeText(file.size)));
      return;
    }
    notice("");
    const bytes = await file.arrayBuffer();
    pending.push({ kind: documentKind.value, name: file.name, type: file.type, size: file.size, bytes });
    renderPending();
  }

  async function removeKept(item, index) {
    // Only a form not yet on its way: one sent may already be recorded with the file.
    if (item.state !== "waiting") return;
    item.documents.splice(index, 1);
    await store([item]);
    render();
  }

  function documentsCell(item) {
    const cell = document.createElement("td");
    const kept = documentsOf(item);
    if (!kept.length) return cell;
    const list = document.createElement("ul");
    kept.forEach((sealed, index) => {
      const line = document.createElement("li");
      line.append(sizeText(sealed.size));
      if (item.state === "waiting") line.append(" ", removeButton(() => removeKept(item, index)));
      list.append(line);
    });
    cell.append(String(kept.length), list);
    return cell;
  }

  // The cells a form's row begins with, in the list kept on the device and in the list
  // of forms the Section has received alike.
  function formCells(id, filledAt, stateText) {
    const short = document.createElement("td");
    short.textContent = id.slice(0, 8);
    short.setAttribute("translate", "no");
    const filled = document.createElement("td");
    filled.textContent = when(filledAt);
    const state = document.createElement("td");
    state.textContent = stateText;
    return [short, filled, state];
  }

  function render() {
    const body = document.getElementById("intake-local");
    body.replaceChildren();
    items
      .slice()
      .sort((a, b) => a.filled_at.localeCompare(b.filled_at))
      .forEach((item) => {
        const row = document.createElement("tr");
        row.dataset.form = item.id;
        row.dataset.state = item.state;
        const [id, filled, state] = formCells(item.id, item.filled_at, texts[item.state]);
        state.className = "intake-state " + item.state;
        const problems = document.createElement("td");
        if (item.problems.length) {
          const list = document.createElement("ul");
          item.problems.forEach((text) => {
            const line = document.createElement("li");
            line.textContent = text;
            list.append(line);
          });
          problems.append(list);
          if (item.sealed) {
            const correct = document.createElement("button");
            correct.type = "button";
            correct.textContent = texts.correct;
            correct.addEventListener("click", () => reopen(item));
            problems.append(correct);
          }
        }
        row.append(id, filled, state, documentsCell(item), problems);
        body.append(row);
      });
    const count = (state) => String(items.filter((i) => i.state === state).length);
    document.getElementById("intake-waiting").textContent = String(
      items.filter((i) => i.state === "waiting" || i.state === "sent").length
    );
    document.getElementById("intake-arrived").textContent = count("arrived");
    document.getElementById("intake-problem").textContent = count("problem");
    document.getElementById("intake-local-empty").hidden = items.length > 0;
    document.getElementById("intake-connection").textContent = navigator.onLine ? texts.online : texts.offline;
  }

  function fieldsOf(element) {
    return Array.from(new FormData(element).entries())
      .filter(([, value]) => typeof value === "string")
      .map(([name, value]) => [name, value]);
  }

  async function save(event) {
    event.preventDefault();
    if (!self.crypto || !crypto.subtle) {
      notice(texts.noCrypto);
      return;
    }
    const reopened = document.getElementById("intake-form-id");
    const item = items.find((i) => i.id === reopened.value) || { id: newId(), problems: [] };
    item.filled_at = new Date().toISOString();
    const documents = await Promise.all(pending.map(sealDocument));
    Object.assign(item, await encrypt(fieldsOf(form)), { state: "waiting", documents });
    await store([item]);
    if (!items.includes(item)) items.push(item);
    reopened.value = "";
    form.reset();
    pending = [];
    renderPending();
    notice(texts.saved);
    render();
    send();
  }

  async function reopen(item) {
    const fields = await decrypt(item);
    form.reset();
    fields.forEach(([name, value]) => {
      const inputs = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
      inputs.forEach((input) => {
        if (input.type === "checkbox" || input.type === "radio") input.checked = input.value === value;
        else input.value = value;
      });
    });
    pending = await Promise.all(documentsOf(item).map(openDocument));
    renderPending();
    document.getElementById("intake-form-id").value = item.id;
    form.scrollIntoView();
  }

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : texts.csrf;
  }

  // What one request carries: the forms' JSON, and the files of the one form that has some.
  async function request(batch) {
    const files = [];
    const forms = await Promise.all(
      batch.map(async (item) => {
        const documents = await Promise.all(
          documentsOf(item).map(async (sealed, index) => {
            const opened = await openDocument(sealed);
            const part = "document-" + index;
            files.push([part, new Blob([opened.bytes], { type: opened.type }), opened.name]);
            return { kind: opened.kind, file: part };
          })
        );
        return { id: item.id, filled_at: item.filled_at, fields: await decrypt(item), documents };
      })
    );
    const headers = { "X-CSRFToken": csrfToken() };
    if (!files.length) {
      headers["Content-Type"] = "application/json";
      return { headers, body: JSON.stringify({ forms }) };
    }
    const body = new FormData();
    body.append("sync", JSON.stringify({ forms }));
    files.forEach(([part, blob, name]) => body.append(part, blob, name));
    return { headers, body };
  }

  // Sends one batch; answers whether to go on with the next.
  async function sendBatch(batch) {
    const { headers, body } = await request(batch);
    const response = await fetch(texts.syncUrl, { method: "POST", credentials: "same-origin", headers, body });
    if (response.redirected || response.status === 403) {
      notice(texts.signIn);
      return false;
    }
    if (response.status === 413) {
      // Refused before VSS read it (a proxy's limit on a body's size): sent again as it
      // is, it would be refused every time, so the form waits for a correction instead.
      batch.forEach((item) => {
        item.state = "problem";
        item.problems = [texts.tooLargeToSend];
      });
      await store(batch);
      render();
      return true;
    }
    if (!response.ok) return true;
    const answer = await response.json();
    const byId = new Map(answer.results.map((r) => [r.id, r]));
    batch.forEach((item) => {
      const result = byId.get(item.id);
      if (!result) return;
      item.problems = result.problems;
      if (result.outcome === "received") {
        item.state = "arrived";
        // Arrived at the Section: the device keeps nobody's answers or papers any longer.
        delete item.iv;
        delete item.sealed;
        delete item.documents;
      } else {
        item.state = "problem";
      }
    });
    await store(batch);
    render();
    return true;
  }

  async function send() {
    const ready = items.filter((i) => i.state === "waiting" || i.state === "sent");
    if (sending || !ready.length || !navigator.onLine) return;
    sending = true;
    try {
      // Marked before anything is read, so no document is removed from a form on its way.
      ready.forEach((i) => (i.state = "sent"));
      await store(ready);
      render();
      // Forms without files go many at once; a form with files goes alone.
      const plain = ready.filter((i) => !documentsOf(i).length);
      const batches = [];
      for (let start = 0; start < plain.length; start += AT_ONCE) batches.push(plain.slice(start, start + AT_ONCE));
      ready.filter((i) => documentsOf(i).length).forEach((i) => batches.push([i]));
      for (const batch of batches) {
        if (!(await sendBatch(batch))) break;
      }
      loadArrived();
    } catch (error) {
      // The connection dropped on the way: the forms are sent again on the next try.
    } finally {
      sending = false;
      render();
    }
  }

  async function loadArrived() {
    if (!navigator.onLine) return;
    try {
      const response = await fetch(texts.formsUrl, { credentials: "same-origin" });
      if (!response.ok || response.redirected) return;
      const answer = await response.json();
      const body = document.getElementById("intake-server");
      body.replaceChildren();
      answer.forms.forEach((row) => {
        const line = document.createElement("tr");
        line.dataset.form = row.id;
        line.append(...formCells(row.id, row.filled_at, row.status_label));
        body.append(line);
      });
      document.getElementById("intake-server-empty").hidden = answer.forms.length > 0;
    } catch (error) {
      // Offline after all: the list waits for the connection.
    }
  }

  function eraseAtSignOut() {
    document.querySelectorAll('form[action$="/logout/"]').forEach((signOut) => {
      signOut.addEventListener("submit", (event) => {
        const unsent = items.some((i) => i.state !== "arrived");
        if (unsent && !window.confirm(texts.signOutWarning)) {
          event.preventDefault();
          return;
        }
        event.preventDefault();
        dbReady.then((db) => db.close());
        const erase = indexedDB.deleteDatabase(DB_NAME);
        erase.onsuccess = erase.onerror = erase.onblocked = () => signOut.submit();
      });
    });
  }

  form.addEventListener("submit", save);
  documentFile.addEventListener("change", addDocument);
  document.getElementById("intake-send").addEventListener("click", send);
  window.addEventListener("online", () => {
    render();
    send().then(loadArrived);
  });
  window.addEventListener("offline", render);
  setInterval(send, 15000);
  eraseAtSignOut();

  readStored()
    .then((stored) => {
      items = stored;
      render();
    })
    .then(send)
    .then(loadArrived)
    .then(() => keepFrame(texts.workerUrl, texts.scope, CACHE))
    .then((kept) => {
      document.getElementById("intake-kept").hidden = !kept;
    });
})();
