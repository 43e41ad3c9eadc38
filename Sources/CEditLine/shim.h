// libedit's native interface (Debian's libedit-dev), for the interactive loop.
#include <histedit.h>
#include <stdio.h>

// el_set, el_get and history are variadic, which Swift cannot call: one wrapper per use.

static inline int nn_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) {
  return el_set(el, EL_PROMPT, prompt);
}

static inline int nn_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }

static inline int nn_el_set_history(EditLine *el, History *history_) {
  return el_set(el, EL_HIST, history, history_);
}

static inline int nn_el_set_reader(EditLine *el, el_rfunc_t reader) { return el_set(el, EL_GETCFN, reader); }

static inline int nn_el_set_client_data(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }

static inline void *nn_el_client_data(EditLine *el) {
  void *data = NULL;
  el_get(el, EL_CLIENTDATA, &data);
  return data;
}

static inline int nn_el_add_function(
    EditLine *el, const char *name, const char *help, unsigned char (*function)(EditLine *, int)) {
  return el_set(el, EL_ADDFN, name, help, function);
}

static inline int nn_el_bind(EditLine *el, const char *key, const char *function) {
  return el_set(el, EL_BIND, key, function, NULL);
}

static inline int nn_history_set_size(History *h, int size) {
  HistEvent event;
  return history(h, &event, H_SETSIZE, size);
}

static inline int nn_history_set_unique(History *h, int unique) {
  HistEvent event;
  return history(h, &event, H_SETUNIQUE, unique);
}

static inline int nn_history_enter(History *h, const char *line) {
  HistEvent event;
  return history(h, &event, H_ENTER, line);
}

static inline int nn_history_load(History *h, const char *path) {
  HistEvent event;
  return history(h, &event, H_LOAD, path);
}

static inline int nn_history_save(History *h, const char *path) {
  HistEvent event;
  return history(h, &event, H_SAVE, path);
}

static inline int nn_el_columns(EditLine *el) {
  int columns = 80;
  el_get(el, EL_GETTC, "co", &columns);
  return columns;
}

static inline int nn_el_prepare_terminal(EditLine *el, int raw) { return el_set(el, EL_PREP_TERM, raw); }
