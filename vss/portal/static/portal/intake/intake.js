/* Filling VIFs with no connection, for days, and sending them when it is back.

   Each form saved is given an id made here and kept in IndexedDB encrypted with AES-GCM
   under a key made on this device for this user: the key is not extractable (the
   browser uses it but never hands it out), and it and the forms are erased when the
   user signs out from the app. The forms are sent, many at once, whenever there is a
   connection; the server records each id once, so a send repeated after a dropped
   answer never makes two applications. */
"use strict";

(function () {
  const root = document.getElementById("intake");
  if (!root) return;
  const texts = root.dataset;
  const DB_NAME = "vss-intake-" + root.dataset.user;
  const CACHE = "vss-intake-v1";
  const AT_ONCE = 50;
  const form = document.getElementById("intake-form");
  let items = [];
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
    const data = await crypto.subtle.decrypt({ name: "AES-GCM", iv: item.iv }, await deviceKey(), item.sealed);
    return JSON.parse(new TextDecoder().decode(data));
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
        const id = document.createElement("td");
        id.textContent = item.id.slice(0, 8);
        id.setAttribute("translate", "no");
        const filled = document.createElement("td");
        filled.textContent = when(item.filled_at);
        const state = document.createElement("td");
        state.className = "intake-state " + item.state;
        state.textContent = texts[item.state];
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
        row.append(id, filled, state, problems);
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
    Object.assign(item, await encrypt(fieldsOf(form)), { state: "waiting" });
    await store([item]);
    if (!items.includes(item)) items.push(item);
    reopened.value = "";
    form.reset();
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
    document.getElementById("intake-form-id").value = item.id;
    form.scrollIntoView();
  }

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : texts.csrf;
  }

  async function send() {
    const ready = items.filter((i) => i.state === "waiting" || i.state === "sent").slice(0, AT_ONCE);
    if (sending || !ready.length || !navigator.onLine) return;
    sending = true;
    try {
      const forms = await Promise.all(
        ready.map(async (i) => ({ id: i.id, filled_at: i.filled_at, fields: await decrypt(i) }))
      );
      ready.forEach((i) => (i.state = "sent"));
      await store(ready);
      render();
      const response = await fetch(texts.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ forms }),
      });
      if (response.redirected || response.status === 403) {
        notice(texts.signIn);
        return;
      }
      if (!response.ok) return;
      const answer = await response.json();
      const byId = new Map(answer.results.map((r) => [r.id, r]));
      ready.forEach((item) => {
        const result = byId.get(item.id);
        if (!result) return;
        item.problems = result.problems;
        if (result.outcome === "received") {
          item.state = "arrived";
          // Arrived at the Section: the device keeps nobody's answers any longer.
          delete item.iv;
          delete item.sealed;
        } else {
          item.state = "problem";
        }
      });
      await store(ready);
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
        const id = document.createElement("td");
        id.textContent = row.id.slice(0, 8);
        id.setAttribute("translate", "no");
        const filled = document.createElement("td");
        filled.textContent = when(row.filled_at);
        const state = document.createElement("td");
        state.textContent = row.status_label;
        line.append(id, filled, state);
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
    .then(() => keepFrame(texts.workerUrl, texts.scope, CACHE));
})();
