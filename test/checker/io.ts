import type { Io } from '../../bin/io';

export type Captured = Io & { readonly out_: string[]; readonly err_: string[]; code: number | undefined };

export function capture(): Captured {
  const io: Captured = {
    out_: [],
    err_: [],
    code: undefined,
    out: (l) => void io.out_.push(l),
    err: (l) => void io.err_.push(l),
    exit: (c) => void (io.code = c),
  };
  return io;
}
