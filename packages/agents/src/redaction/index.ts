export { type Vocabulary, vocabularyOf } from './anonymiser';
export { Redactor, type RedactorOptions } from './redactor';
export { isSopsFile } from './sops-mask';
export { untrusted } from './untrusted';
