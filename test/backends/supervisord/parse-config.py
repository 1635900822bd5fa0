# Parses a supervisord configuration with supervisord's own code and prints, per program, the argv
# supervisord will exec and the environment it adds: what escape.ts is checked against.
import json
import shlex
import sys

from supervisor.options import ServerOptions

options = ServerOptions()
options.configfile = sys.argv[1]
options.process_config(do_usage=False)
programs = {}
for group in options.process_group_configs:
    for process in group.process_configs:
        programs[process.name] = {
            'argv': shlex.split(process.command),
            'environment': process.environment or {},
            'priority': process.priority,
            'directory': process.directory,
        }
print(json.dumps(programs))
