// A decoder of the pgoutput logical-replication protocol (protocol version 1): begin/commit, relations, and
// insert/update/delete/truncate with tuples kept as text (decoded to cells by pg-text.ts, as COPY output is).
// https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html

/** A log sequence number as a 64-bit integer. */
export type Lsn = bigint;

/** `0/16B3748` -> 0x16B3748n. */
export function parseLsn(text: string): Lsn {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi ?? '0'}`) << 32n) | BigInt(`0x${lo ?? '0'}`);
}

/** 0x16B3748n -> `0/16B3748`. */
export function formatLsn(lsn: Lsn): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** A table as the stream describes it: column names in tuple order. */
export interface Relation {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** d(efault: primary key), n(othing), f(ull), i(ndex). */
  readonly replicaIdentity: string;
  readonly columns: readonly string[];
}

/** A row image: text per column (null: SQL NULL; undefined: an unchanged TOASTed value that was not sent). */
export type Tuple = (string | null | undefined)[];

/** One decoded pgoutput message (the kinds a reader acts on; others are `other`). */
export type PgOutputMessage =
  | { tag: 'begin'; finalLsn: Lsn; xid: number }
  | { tag: 'commit'; commitLsn: Lsn; endLsn: Lsn }
  | { tag: 'relation'; relation: Relation }
  | { tag: 'insert'; relation: number; new: Tuple }
  | { tag: 'update'; relation: number; old: Tuple | undefined; oldIsKey: boolean; new: Tuple }
  | { tag: 'delete'; relation: number; old: Tuple; oldIsKey: boolean }
  | { tag: 'truncate'; relations: number[] }
  | { tag: 'other' };

/** A cursor over one message. */
class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  u8(): number {
    return this.buf[this.pos++]!;
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    const s = this.buf.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return s;
  }
  tuple(): Tuple {
    const n = this.i16();
    const out: Tuple = new Array<string | null | undefined>(n);
    for (let i = 0; i < n; i++) {
      const kind = this.u8();
      if (kind === 0x74 /* t */) {
        const len = this.i32();
        out[i] = this.buf.toString('utf8', this.pos, this.pos + len);
        this.pos += len;
      } else if (kind === 0x6e /* n */) out[i] = null;
      else if (kind === 0x75 /* u */) out[i] = undefined;
      else if (kind === 0x62 /* b */) {
        const len = this.i32();
        out[i] = this.buf.toString('hex', this.pos, this.pos + len);
        this.pos += len;
      } else throw new Error(`pgoutput: unknown tuple value kind ${kind}`);
    }
    return out;
  }
}

/** Decodes the pgoutput payload of one XLogData message. */
export function decodePgOutput(buf: Buffer): PgOutputMessage {
  const r = new Reader(buf);
  const tag = r.u8();
  switch (tag) {
    case 0x42 /* B */: {
      const finalLsn = r.u64();
      r.u64(); // commit time
      return { tag: 'begin', finalLsn, xid: r.i32() };
    }
    case 0x43 /* C */: {
      r.u8(); // flags
      const commitLsn = r.u64();
      return { tag: 'commit', commitLsn, endLsn: r.u64() };
    }
    case 0x52 /* R */: {
      const oid = r.i32();
      const schema = r.cstring();
      const name = r.cstring();
      const replicaIdentity = String.fromCharCode(r.u8());
      const n = r.i16();
      const columns: string[] = [];
      for (let i = 0; i < n; i++) {
        r.u8(); // flags (1: part of the key)
        columns.push(r.cstring());
        r.i32(); // type oid
        r.i32(); // type modifier
      }
      return { tag: 'relation', relation: { oid, schema, name, replicaIdentity, columns } };
    }
    case 0x49 /* I */: {
      const relation = r.i32();
      r.u8(); // 'N'
      return { tag: 'insert', relation, new: r.tuple() };
    }
    case 0x55 /* U */: {
      const relation = r.i32();
      let kind = r.u8();
      let old: Tuple | undefined;
      let oldIsKey = false;
      if (kind === 0x4b /* K */ || kind === 0x4f /* O */) {
        oldIsKey = kind === 0x4b;
        old = r.tuple();
        kind = r.u8(); // 'N'
      }
      return { tag: 'update', relation, old, oldIsKey, new: r.tuple() };
    }
    case 0x44 /* D */: {
      const relation = r.i32();
      const kind = r.u8();
      return { tag: 'delete', relation, oldIsKey: kind === 0x4b, old: r.tuple() };
    }
    case 0x54 /* T */: {
      const n = r.i32();
      r.u8(); // options
      const relations: number[] = [];
      for (let i = 0; i < n; i++) relations.push(r.i32());
      return { tag: 'truncate', relations };
    }
    default:
      return { tag: 'other' };
  }
}
