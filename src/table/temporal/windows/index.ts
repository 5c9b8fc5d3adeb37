// Windows and behaviors (`cw.temporal.tumbling`, `commonBehavior`, `t.windowBy(...)`): see the files of this folder.

export {};
