// `nqvm completion bash|zsh`: a script that asks `nqvm __complete` what fits, so it never goes stale.
import { leaf } from '../api/command.js';
import { FILES } from './complete-words.js';

function launcher(): string {
  // The script calls the same launcher that printed it, wherever it lives.
  return process.argv[1] ?? 'nqvm';
}

export function bashScript(bin: string): string {
  return `# nqvm bash completion: source <(nqvm completion bash)
_nqvm() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out
  local IFS=$'\\n'
  out=$('${bin}' __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [[ "$out" == "${FILES}" ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$out" -- "$cur"))
  fi
}
complete -o default -F _nqvm nqvm
`;
}

export function zshScript(bin: string): string {
  return `#compdef nqvm
# nqvm zsh completion: source <(nqvm completion zsh)   (after compinit)
_nqvm() {
  local out
  out=$('${bin}' __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)
  if [[ "$out" == "${FILES}" ]]; then
    _files
  else
    local -a candidates
    candidates=("\${(@f)out}")
    compadd -a candidates
  fi
}
compdef _nqvm nqvm
`;
}

export const completionCommand = leaf({
  name: 'completion',
  summary: 'print a shell completion script: source <(nqvm completion bash)',
  args: ['bash|zsh'],
  offline: true,
  async run(ctx) {
    const shell = ctx.positionals[0];
    if (shell === 'bash') return ctx.print(bashScript(launcher()));
    if (shell === 'zsh') return ctx.print(zshScript(launcher()));
    throw ctx.usage(`unknown shell '${shell}': bash or zsh`);
  },
});
