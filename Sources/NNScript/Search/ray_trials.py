"""Runs nnscript trials as Ray tasks, for `search ... cluster: ADDRESS`.

nnscript keeps the sampler and the pruner; this bridge only runs trials. It talks JSON lines:

  nnscript -> bridge (stdin)   {"op": "start", "trial": 3, "seed": 123, "search_seed": 7, "params": "{\"lr\": 0.01}"}
                               {"op": "stop", "trial": 3}       (pruned: cancel the task)
                               {"op": "close"}                  (or end of input)
  bridge -> nnscript (stdout)  {"event": "ready", "cpus": 8}
                               {"event": "epoch", "trial": 3, "fold": 0, "epoch": 1, "val_loss": 0.4, ...}
                               {"event": "status", "trial": 3, "status": "complete", "val_loss": 0.1, ...}
                               {"event": "lost", "trial": 3, "message": "..."}
                               {"event": "error", "message": "..."}

Each trial is a Ray task that runs `nnscript trial --params JSON --seed N --number N
--search-seed N SCRIPT`
and streams back the lines it prints. A trial whose task ends without the trial's final
status line (killed, lost with its node, cancelled) is reported as lost: nnscript counts it
as failed, never as a result.

usage: python3 ray_trials.py --address ADDRESS --command '["/path/nnscript", "trial"]'
           --script /path/script.nns [--arg=A ...]

ADDRESS is what ray.init takes: "ray://HOST:PORT" through Ray Client (pip install
"ray[client]"), or "HOST:PORT" of a node of the cluster when this runs on one.
"""

import argparse
import json
import logging
import subprocess
import sys
import threading

import ray

_write_lock = threading.Lock()


def emit(message):
    with _write_lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


@ray.remote(num_cpus=1)
def run_trial(command, script, params, seed, number, search_seed):
    """Runs one trial as a child process and yields each line it prints. Cancelling the task
    raises in here: the child then gets SIGTERM, and says so in its status line."""
    argv = command + ["--params", params, "--seed", str(seed), "--number", str(number)]
    argv += ["--search-seed", str(search_seed)] + script
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        for line in child.stdout:
            line = line.strip()
            if line:
                yield line
        child.wait()
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


class Bridge:
    def __init__(self, command, script):
        self.command = command
        self.script = script
        self.tasks = {}
        self.threads = []
        self.stopped = set()

    def start(self, trial, seed, search_seed, params):
        generator = run_trial.options(num_returns="streaming").remote(
            self.command, self.script, params, seed, trial, search_seed
        )
        self.tasks[trial] = generator
        thread = threading.Thread(target=self.relay, args=(trial, generator), daemon=True)
        thread.start()
        self.threads.append(thread)

    def relay(self, trial, generator):
        ended = False
        try:
            for ref in generator:
                fields = json.loads(ray.get(ref))
                if "status" in fields:
                    ended = True
                    # Ended: a stop or the close must not cancel it now, since Ray's core
                    # can abort on a cancel that races with a task's completion.
                    self.tasks.pop(trial, None)
                    emit({**fields, "event": "status", "trial": trial})
                elif "epoch" in fields:
                    emit({**fields, "event": "epoch", "trial": trial})
        except Exception as error:  # cancelled, worker died, node lost
            if not ended:
                emit({"event": "lost", "trial": trial, "message": f"the trial's task ended: {type(error).__name__}"})
                return
        finally:
            self.tasks.pop(trial, None)
        if not ended:
            emit({"event": "lost", "trial": trial, "message": "the trial ended without a status line"})

    def stop(self, trial):
        generator = self.tasks.get(trial)
        if generator is not None:
            ray.cancel(generator)

    def close(self):
        for generator in list(self.tasks.values()):
            try:
                ray.cancel(generator)
            except Exception:
                pass
        for thread in self.threads:
            thread.join(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--command", required=True, help="the trial command as a JSON list")
    parser.add_argument("--script", required=True)
    parser.add_argument("--arg", action="append", default=[])
    options = parser.parse_args()
    try:
        ray.init(address=options.address, log_to_driver=False, logging_level=logging.WARNING)
    except Exception as error:
        emit({"event": "error", "message": f"cannot reach the Ray cluster at {options.address}: {error}"})
        return 1
    bridge = Bridge(json.loads(options.command), [options.script] + options.arg)
    emit({"event": "ready", "cpus": int(ray.cluster_resources().get("CPU", 1))})
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "start":
            bridge.start(request["trial"], request["seed"], request["search_seed"], request["params"])
        elif request["op"] == "stop":
            bridge.stop(request["trial"])
        elif request["op"] == "close":
            break
    bridge.close()
    ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
