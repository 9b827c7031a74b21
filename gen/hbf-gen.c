// SPDX-License-Identifier: GPL-2.0
/*
 * hbf-gen: turn one compiled HID-BPF fix (progs/Vendor__Device.bpf.o) into
 * a C header the kernel module embeds, and write the module's registry of
 * all fixes.
 *
 *   hbf-gen fix OBJECT NAME OUTPUT.h
 *   hbf-gen registry OUTPUT.c NAME...
 *
 * A fix header holds a light skeleton: the loader program and data blob that
 * libbpf's gen_loader records while "loading" the object, plus what
 * `bpftool gen skeleton -L` cannot give for struct_ops:
 *
 *  - which program implements which struct hid_bpf_ops callback, read from
 *    the value the fix places in section .hid_bpf_ops;
 *  - where, inside the data blob, each of those programs' union bpf_attr
 *    lies, so the module can set the program type, attach_btf_id and member
 *    index once it knows the running kernel's BTF ids;
 *  - the devices the fix serves (HID_BPF_CONFIG, section .hid_bpf_config),
 *    as hid_device_id entries;
 *  - the fix's one-line description (section .hid_bpf_desc) and the
 *    symptom a user sees without it (section .hid_bpf_symptom), both as
 *    #defines: the module uses the description, the symptom is there for
 *    gen/devices-table.sh;
 *  - which loader slot holds its probe program: every fix must have one, as
 *    the module refuses a device unless the fix's probe accepts it;
 *  - where the loader's data holds the name of each kfunc that newer
 *    kernels call by another name (see kfunc_renames[]).
 *
 * Loader slots follow libbpf's program order with subprograms left out, the
 * order bpf_object__for_each_program() walks.
 *
 * The struct_ops programs are recorded as BPF_PROG_TYPE_SYSCALL with a
 * marker in attach_btf_id and expected_attach_type; that marker is how the
 * attribute blocks are found again in the blob.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define OPS_SEC		".hid_bpf_ops"
#define CONFIG_SEC	".hid_bpf_config"
#define DESC_SEC	".hid_bpf_desc"
#define SYMPTOM_SEC	".hid_bpf_symptom"
#define OPS_PFX		"struct_ops/"
#define PROBE_SEC	"syscall"
#define MARKER		0x48424600u	/* "HBF\0" + program slot */
#define MAX_PROGS	64
#define MAX_IDS		64
#define NAME_MAX_LEN	15		/* BPF_OBJ_NAME_LEN - 1 */
#define MAX_RENAMES	16

/* The hid_bpf_ops callbacks a fix may implement, in the module's enum order. */
static const char *const callbacks[] = {
	"hid_device_event",
	"hid_rdesc_fixup",
	"hid_hw_request",
	"hid_hw_output_report",
};

static const char *const callback_enums[] = {
	"HBF_OP_DEVICE_EVENT",
	"HBF_OP_RDESC_FIXUP",
	"HBF_OP_HW_REQUEST",
	"HBF_OP_HW_OUTPUT_REPORT",
};

/*
 * Kfuncs that a newer kernel renamed, keeping the old name in its BTF but
 * refusing calls to it. A fix is compiled once, with the old name, so that
 * it loads on every kernel; the module looks the new name up where the
 * kernel has it. The new name must not be longer than the old one.
 */
static const struct {
	const char *from, *to;
} kfunc_renames[] = {
	/* Linux 7.0: the verifier now fills in the last argument itself */
	{ "bpf_wq_set_callback_impl", "bpf_wq_set_callback" },
};

struct prog {
	char name[64];
	char sec[64];
	int slot;		/* index among the loader's program slots */
	int callback;		/* index in callbacks[], -1 if not an ops prog */
	int is_probe;
	long attr_off;		/* offset of its union bpf_attr in the blob */
};

struct rename {
	unsigned int name_off;	/* of the name the loader looks up */
	int idx;		/* in kfunc_renames[] */
};

struct dev_id {
	unsigned int bus, group, vendor, product;
};

/* One recorded loader: its program, its data, the kfunc names in it. */
struct blob {
	const unsigned char *data, *insns;
	unsigned int data_sz, insns_sz;
	struct rename renames[MAX_RENAMES];
	int nr_renames;
};

struct fix {
	const char *path;
	char name[64];		/* file stem: XKeys__XK24 */
	char ident[64];		/* C and parameter name: xkeys_xk24 */
	char desc[256];
	char symptom[256];
	struct prog progs[MAX_PROGS];
	int nr_progs;
	int probe_slot;		/* loader slot of the probe program */
	int nr_maps;
	struct dev_id ids[MAX_IDS];
	int nr_ids;
	struct blob full;	/* loads the whole fix */
	struct blob probe;	/* loads its maps and its probe only */
};

static struct fix *cur;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __maybe_unused __attribute__((unused))

static void __noreturn __printf(1, 2) fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hbf-gen: %s: ", cur ? cur->path : "error");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void make_ident(const char *name, char *ident, size_t len)
{
	size_t i, o = 0;

	for (i = 0; name[i] && o + 1 < len; i++) {
		char c = name[i];

		if (c == '_' && name[i + 1] == '_')
			i++;
		if (!isalnum((unsigned char)c) && c != '_')
			c = '_';
		ident[o++] = tolower((unsigned char)c);
	}
	ident[o] = '\0';
}

static void check_name(const char *name)
{
	const char *p;

	if (!*name || isdigit((unsigned char)*name))
		fail("'%s' is not a valid fix name", name);
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			fail("'%s' is not a valid fix name (use Vendor__Device)",
			     name);
}

/* ---- ELF side: the sections libbpf ignores ---------------------------- */

struct elf_file {
	int fd;
	Elf *elf;
	size_t shstrndx;
};

static Elf_Scn *find_section(struct elf_file *ef, const char *name)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(ef->elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(ef->elf, ef->shstrndx, sh.sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

static void elf_open_fix(struct elf_file *ef, const char *path)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Ehdr eh;

	elf_version(EV_CURRENT);
	ef->fd = open(path, O_RDONLY);
	if (ef->fd < 0)
		fail("cannot open: %s", strerror(errno));
	ef->elf = elf_begin(ef->fd, ELF_C_READ, NULL);
	if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF)
		fail("not an ELF object");
	if (!gelf_getehdr(ef->elf, &eh) || eh.e_machine != EM_BPF)
		fail("not a BPF object (e_machine is not EM_BPF)");
	if (lseek(ef->fd, 0, SEEK_END) <
	    (off_t)(eh.e_shoff + (off_t)eh.e_shnum * eh.e_shentsize) ||
	    !eh.e_shnum)
		fail("corrupt ELF object: truncated section headers");
	if (elf_getshdrstrndx(ef->elf, &ef->shstrndx))
		fail("corrupt ELF object: no section name table");
	while ((scn = elf_nextscn(ef->elf, scn)))
		if (!gelf_getshdr(scn, &sh) ||
		    (sh.sh_type != SHT_NOBITS && !elf_getdata(scn, NULL)))
			fail("corrupt ELF object: %s", elf_errmsg(-1));
}

static struct prog *prog_by_name(const char *name)
{
	int i;

	for (i = 0; i < cur->nr_progs; i++)
		if (!strcmp(cur->progs[i].name, name))
			return &cur->progs[i];
	return NULL;
}

/* Which function does the 64-bit pointer at @off in .hid_bpf_ops point to? */
static const char *ops_reloc_target(struct elf_file *ef, Elf_Scn *ops,
				    size_t off)
{
	Elf_Scn *scn = NULL, *symscn = NULL;
	GElf_Shdr sh, opsh;
	size_t ops_idx = elf_ndxscn(ops);

	gelf_getshdr(ops, &opsh);
	while ((scn = elf_nextscn(ef->elf, scn))) {
		Elf_Data *rd, *sd;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_REL ||
		    sh.sh_info != ops_idx)
			continue;
		symscn = elf_getscn(ef->elf, sh.sh_link);
		rd = elf_getdata(scn, NULL);
		sd = elf_getdata(symscn, NULL);
		n = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			GElf_Rel rel;
			GElf_Sym sym;
			GElf_Shdr symsh;

			gelf_getrel(rd, i, &rel);
			if (rel.r_offset != off)
				continue;
			gelf_getsym(sd, GELF_R_SYM(rel.r_info), &sym);
			if (GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				fail("%s+%zu does not point to a program", OPS_SEC, off);
			gelf_getshdr(symscn, &symsh);
			return elf_strptr(ef->elf, symsh.sh_link, sym.st_name);
		}
	}
	return NULL;
}

/* ---- BTF side: .hid_bpf_ops layout, HID_BPF_CONFIG ids ------------------ */

static const struct btf_type *datasec_var(const struct btf *btf,
					  const char *sec, int *nr_vars)
{
	int id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	const struct btf_type *t;

	if (id < 0)
		return NULL;
	t = btf__type_by_id(btf, id);
	*nr_vars = btf_vlen(t);
	if (!*nr_vars)
		return NULL;
	return btf__type_by_id(btf, btf_var_secinfos(t)[0].type);
}

static void read_ops(struct elf_file *ef, const struct btf *btf)
{
	const struct btf_type *var, *st;
	const struct btf_member *m;
	Elf_Scn *ops = find_section(ef, OPS_SEC);
	int nr_vars, i, j, used = 0;

	var = datasec_var(btf, OPS_SEC, &nr_vars);
	if (!ops || !var)
		fail("no HID_BPF_OPS() value (section %s): nothing to attach", OPS_SEC);
	if (nr_vars != 1)
		fail("has %d HID_BPF_OPS() values, one is allowed", nr_vars);
	st = btf__type_by_id(btf, btf__resolve_type(btf, var->type));
	if (!btf_is_struct(st) ||
	    strcmp(btf__name_by_offset(btf, st->name_off), "hid_bpf_ops"))
		fail("the %s value is not a struct hid_bpf_ops", OPS_SEC);

	m = btf_members(st);
	for (i = 0; i < btf_vlen(st); i++, m++) {
		const char *member = btf__name_by_offset(btf, m->name_off);
		size_t off = btf_member_bit_offset(st, i) / 8;
		const char *target = ops_reloc_target(ef, ops, off);
		struct prog *p;

		if (!target)
			continue;
		for (j = 0; j < (int)ARRAY_SIZE(callbacks); j++)
			if (!strcmp(member, callbacks[j]))
				break;
		if (j == ARRAY_SIZE(callbacks))
			fail("hid_bpf_ops.%s is not a callback this module attaches", member);
		p = prog_by_name(target);
		if (!p || strncmp(p->sec, OPS_PFX, strlen(OPS_PFX)))
			fail("hid_bpf_ops.%s points to '%s', which is not a SEC(\"%s...\") program",
			     member, target, OPS_PFX);
		if (p->callback >= 0)
			fail("program '%s' is used for two callbacks", target);
		p->callback = j;
		used++;
	}
	if (!used)
		fail("HID_BPF_OPS() sets no callback");
	for (i = 0; i < cur->nr_progs; i++)
		if (!cur->progs[i].is_probe && cur->progs[i].callback < 0)
			fail("program '%s' is not referenced by HID_BPF_OPS()",
			     cur->progs[i].name);
}

/* HID_DEVICE() stores each id as the element count of an array type. */
static unsigned int id_field(const struct btf *btf, const struct btf_type *st,
			     const char *field)
{
	const struct btf_member *m = btf_members(st);
	int i;

	for (i = 0; i < btf_vlen(st); i++, m++) {
		const struct btf_type *t;

		if (strcmp(btf__name_by_offset(btf, m->name_off), field))
			continue;
		t = btf__type_by_id(btf, m->type);
		if (!btf_is_ptr(t))
			break;
		t = btf__type_by_id(btf, t->type);
		if (!btf_is_array(t))
			break;
		return btf_array(t)->nelems;
	}
	fail("HID_DEVICE() entry without a valid '%s'", field);
}

static void read_config(const struct btf *btf)
{
	const struct btf_type *var, *u;
	const struct btf_member *m;
	int nr_vars, i;

	var = datasec_var(btf, CONFIG_SEC, &nr_vars);
	if (!var)
		fail("no HID_BPF_CONFIG(): the fix names no device");
	u = btf__type_by_id(btf, btf__resolve_type(btf, var->type));
	if (!btf_is_union(u) && !btf_is_struct(u))
		fail("HID_BPF_CONFIG() is not a list of HID_DEVICE()");
	m = btf_members(u);
	for (i = 0; i < btf_vlen(u); i++, m++) {
		const struct btf_type *st = btf__type_by_id(btf, m->type);
		struct dev_id *id;

		if (!btf_is_struct(st))
			fail("HID_BPF_CONFIG() entry %d is not a HID_DEVICE()", i);
		if (cur->nr_ids == MAX_IDS)
			fail("more than %d devices", MAX_IDS);
		id = &cur->ids[cur->nr_ids++];
		id->bus = id_field(btf, st, "bus");
		id->group = id_field(btf, st, "group");
		id->vendor = id_field(btf, st, "vid");
		id->product = id_field(btf, st, "pid");
		if (id->bus > 0xffff || id->group > 0xffff)
			fail("HID_DEVICE() bus/group out of range");
	}
	if (!cur->nr_ids)
		fail("HID_BPF_CONFIG() is empty");
}

/*
 * Read into @buf the one line a fix gives with @macro (HID_BPF_DESCRIPTION,
 * HID_BPF_SYMPTOM), from section @sec. Every fix must have it. It becomes
 * a C string literal in the generated header, so it must be plain
 * printable text without quotes or backslashes.
 */
static void read_text(struct elf_file *ef, const char *sec,
		      const char *macro, char *buf, size_t size)
{
	Elf_Scn *scn = find_section(ef, sec);
	Elf_Data *d;
	const char *s;
	size_t i;

	d = scn ? elf_getdata(scn, NULL) : NULL;
	if (!d || !d->d_size)
		fail("no %s()", macro);
	s = d->d_buf;
	if (s[d->d_size - 1] || strlen(s) >= size || !*s)
		fail("%s() must be one line under %zu bytes", macro, size);
	if (strlen(s) + 1 != d->d_size)
		fail("%s() must be one string: is it there twice?", macro);
	for (i = 0; s[i]; i++)
		if (s[i] == '"' || s[i] == '\\' || !isprint((unsigned char)s[i]))
			fail("%s() must be plain printable text", macro);
	snprintf(buf, size, "%s", s);
}

static void read_texts(struct elf_file *ef)
{
	read_text(ef, DESC_SEC, "HID_BPF_DESCRIPTION", cur->desc,
		  sizeof(cur->desc));
	read_text(ef, SYMPTOM_SEC, "HID_BPF_SYMPTOM", cur->symptom,
		  sizeof(cur->symptom));
}

/* ---- libbpf side: record the loader ------------------------------------- */

static int mark_ops_prog(struct bpf_program *prog,
			 struct bpf_prog_load_opts *opts, long cookie __maybe_unused)
{
	struct prog *p = prog_by_name(bpf_program__name(prog));

	if (!p)
		return -ENOENT;
	opts->attach_btf_id = MARKER + p->slot;
	opts->expected_attach_type = MARKER + p->slot;
	return 0;
}

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/* How many load records for @p the blob @b holds; the last one's offset. */
static int count_attrs(const struct blob *b, const struct prog *p, long *at)
{
	unsigned int off;
	int found = 0;

	for (off = 0; off + sizeof(union bpf_attr) <= b->data_sz; off += 4) {
		union bpf_attr a;

		memcpy(&a, b->data + off, sizeof(a));
		if (a.prog_type != BPF_PROG_TYPE_SYSCALL ||
		    a.attach_btf_id != MARKER + p->slot ||
		    a.expected_attach_type != MARKER + p->slot ||
		    strncmp(a.prog_name, p->name, sizeof(a.prog_name)))
			continue;
		*at = off;
		found++;
	}
	return found;
}

/*
 * Find each ops program's union bpf_attr in the whole fix's loader data;
 * the probe's loader must load none of them.
 */
static void locate_attrs(void)
{
	long unused;
	int i, found;

	for (i = 0; i < cur->nr_progs; i++) {
		struct prog *p = &cur->progs[i];

		if (p->is_probe)
			continue;
		found = count_attrs(&cur->full, p, &p->attr_off);
		if (found != 1)
			fail("loader blob has %d load records for '%s' (expected 1): has libbpf's gen_loader changed?",
			     found, p->name);
		found = count_attrs(&cur->probe, p, &unused);
		if (found)
			fail("the probe's loader loads '%s' too: has libbpf's gen_loader changed?",
			     p->name);
	}
}

/*
 * Find where the loader's data holds the names of renamed kfuncs. The
 * module could search the blob for the old name, but that name is there
 * more than once (the fix's BTF strings hold it too) and a string that
 * merely ends with it would match as well. So read the loader program:
 * gen_loader resolves a kfunc with
 *
 *	r1 = <loader data + name offset> ll	(BPF_PSEUDO_MAP_IDX_VALUE)
 *	r2 = <name length + 1>
 *	r3 = <BTF kind>
 *	r4 = 0
 *	call bpf_btf_find_by_name_kind
 *
 * and the name offset in that first instruction is exactly the string the
 * kernel will read. In the loader of the whole fix (@all), every extern
 * function of the fix's BTF with an old name must be found there at least
 * once, or the generator fails; the probe's loader resolves only what the
 * probe calls.
 */
static void locate_renames(const struct btf *btf, struct blob *b, int all)
{
	const struct bpf_insn *insn = (const void *)b->insns;
	unsigned int n = b->insns_sz / sizeof(*insn), i, j;

	for (i = 0; i + 5 < n; i++) {
		unsigned int off = insn[i + 1].imm;
		const char *name;

		if (insn[i].code != (BPF_LD | BPF_DW | BPF_IMM) ||
		    insn[i].dst_reg != BPF_REG_1 ||
		    insn[i].src_reg != BPF_PSEUDO_MAP_IDX_VALUE ||
		    insn[i + 2].code != (BPF_ALU64 | BPF_MOV | BPF_K) ||
		    insn[i + 2].dst_reg != BPF_REG_2 ||
		    insn[i + 3].code != (BPF_ALU64 | BPF_MOV | BPF_K) ||
		    insn[i + 3].dst_reg != BPF_REG_3 ||
		    insn[i + 3].imm != BTF_KIND_FUNC ||
		    insn[i + 5].code != (BPF_JMP | BPF_CALL) ||
		    insn[i + 5].imm != BPF_FUNC_btf_find_by_name_kind)
			continue;
		if (off >= b->data_sz || insn[i + 2].imm <= 0 ||
		    insn[i + 2].imm > (int)(b->data_sz - off))
			fail("loader looks up a kfunc name outside its data: has libbpf's gen_loader changed?");
		name = (const char *)b->data + off;
		if (strnlen(name, insn[i + 2].imm) != (size_t)insn[i + 2].imm - 1)
			fail("loader looks up a kfunc name of the wrong length: has libbpf's gen_loader changed?");
		for (j = 0; j < ARRAY_SIZE(kfunc_renames); j++) {
			if (strcmp(name, kfunc_renames[j].from))
				continue;
			if (b->nr_renames == MAX_RENAMES)
				fail("more than %d renamed kfunc lookups", MAX_RENAMES);
			b->renames[b->nr_renames].name_off = off;
			b->renames[b->nr_renames].idx = j;
			b->nr_renames++;
		}
	}
	if (!all)
		return;

	for (i = 1; i < btf__type_cnt(btf); i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *name = btf__name_by_offset(btf, t->name_off);
		int k, found = 0;

		if (!btf_is_func(t) || btf_vlen(t) != BTF_FUNC_EXTERN)
			continue;
		for (j = 0; j < ARRAY_SIZE(kfunc_renames); j++) {
			if (strcmp(name, kfunc_renames[j].from))
				continue;
			if (strlen(kfunc_renames[j].to) > strlen(name))
				fail("kfunc_renames[]: '%s' is longer than '%s'",
				     kfunc_renames[j].to, name);
			for (k = 0; k < b->nr_renames; k++)
				found += b->renames[k].idx == (int)j;
			if (!found)
				fail("the loader never looks '%s' up: has libbpf's gen_loader changed?",
				     name);
		}
	}
}

/* Read the fix's programs: their slots, and which one is the probe. */
static void read_progs(void)
{
	struct bpf_object *obj;
	struct bpf_program *bp;
	struct bpf_map *map;
	int slot = 0, probes = 0;

	libbpf_set_print(silent);
	obj = bpf_object__open_file(cur->path, NULL);
	if (!obj)
		fail("libbpf cannot open it: %s", strerror(errno));

	bpf_object__for_each_program(bp, obj) {
		struct prog *p;
		const char *name = bpf_program__name(bp);
		const char *sec = bpf_program__section_name(bp);

		if (slot == MAX_PROGS)
			fail("more than %d programs", MAX_PROGS);
		if (strlen(name) > NAME_MAX_LEN)
			fail("program name '%s' is longer than %d characters",
			     name, NAME_MAX_LEN);
		p = &cur->progs[cur->nr_progs++];
		snprintf(p->name, sizeof(p->name), "%s", name);
		snprintf(p->sec, sizeof(p->sec), "%s", sec);
		p->slot = slot++;
		p->callback = -1;
		if (!strcmp(sec, PROBE_SEC)) {
			if (strcmp(name, "probe"))
				fail("SEC(\"syscall\") program '%s' must be named 'probe'", name);
			p->is_probe = 1;
			cur->probe_slot = p->slot;
			probes++;
		} else if (strncmp(sec, OPS_PFX, strlen(OPS_PFX))) {
			fail("program '%s' in section '%s': only %s* and %s are supported",
			     name, sec, OPS_PFX, PROBE_SEC);
		}
	}
	/*
	 * The probe is what keeps a fix off a device that shares its IDs but
	 * not the descriptor it was written for: no probe, no fix.
	 */
	if (!probes)
		fail("no probe program: a fix needs SEC(HID_BPF_PROBE) int probe(), which accepts only the descriptors it fixes");
	if (probes > 1)
		fail("more than one probe program");
	bpf_object__for_each_map(map, obj)
		cur->nr_maps++;
	bpf_object__close(obj);
}

/*
 * Record a loader into @b: of the whole fix, or (@probe_only) of its maps
 * and its probe, which the module runs first, so that a device the probe
 * refuses costs one small program instead of the whole fix. gen_loader
 * numbers the programs it loads, so the probe is slot 0 of that loader,
 * where the module looks for it.
 */
static void record_loader(struct blob *b, int probe_only)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, hopts,
		    .prog_prepare_load_fn = mark_ops_prog);
	LIBBPF_OPTS(gen_loader_opts, gopts);
	static int handler = -1;
	struct bpf_object *obj;
	struct bpf_program *bp;
	int err;

	libbpf_set_print(silent);
	/*
	 * Registered once for the process: libbpf (1.1 at least) frees its
	 * handler table when the last handler goes, and would then reuse the
	 * freed table on the next registration.
	 */
	if (handler < 0)
		handler = libbpf_register_prog_handler(OPS_PFX,
						       BPF_PROG_TYPE_SYSCALL,
						       0, &hopts);
	if (handler < 0)
		fail("libbpf_register_prog_handler: %d", handler);

	obj = bpf_object__open_file(cur->path, NULL);
	if (!obj)
		fail("libbpf cannot open it: %s", strerror(errno));
	if (probe_only)
		bpf_object__for_each_program(bp, obj)
			if (strcmp(bpf_program__section_name(bp), PROBE_SEC))
				bpf_program__set_autoload(bp, false);

	err = bpf_object__gen_loader(obj, &gopts);
	if (err)
		fail("bpf_object__gen_loader: %d", err);
	err = bpf_object__load(obj);
	if (err)
		fail("recording the loader failed: %d", err);
	b->data_sz = gopts.data_sz;
	b->insns_sz = gopts.insns_sz;
	b->data = malloc(gopts.data_sz);
	b->insns = malloc(gopts.insns_sz);
	if (!b->data || !b->insns)
		fail("out of memory");
	memcpy((void *)b->data, gopts.data, gopts.data_sz);
	memcpy((void *)b->insns, gopts.insns, gopts.insns_sz);
	bpf_object__close(obj);
}

/* ---- output ------------------------------------------------------------- */

static void emit_bytes(FILE *f, const char *decl, const unsigned char *b,
		       unsigned int n)
{
	unsigned int i;

	fprintf(f, "%s[%u] __aligned(8) = {", decl, n);
	for (i = 0; i < n; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t", b[i]);
	fprintf(f, "\n};\n\n");
}

static unsigned int id_or_any(unsigned int v, const char *any, FILE *f)
{
	if (!v)
		fputs(any, f);
	else
		fprintf(f, "0x%04x", v);
	return v;
}

/* The arrays of one loader: data, program, kfunc renames. */
static void emit_blob(FILE *f, const char *id, const char *pfx,
		      const struct blob *b)
{
	char decl[128];
	int i;

	snprintf(decl, sizeof(decl), "static u8 hbf_%sdata_%s", pfx, id);
	emit_bytes(f, decl, b->data, b->data_sz);
	snprintf(decl, sizeof(decl), "static const u8 hbf_%sinsns_%s", pfx, id);
	emit_bytes(f, decl, b->insns, b->insns_sz);
	if (!b->nr_renames)
		return;
	fprintf(f, "static const struct hbf_kfunc_rename hbf_%s%s_renames[] = {\n",
		pfx, id);
	for (i = 0; i < b->nr_renames; i++) {
		const struct rename *r = &b->renames[i];

		fprintf(f, "\t{ .name_off = %u, .from = \"%s\", .to = \"%s\" },\n",
			r->name_off, kfunc_renames[r->idx].from,
			kfunc_renames[r->idx].to);
	}
	fprintf(f, "};\n\n");
}

/* The struct hbf_blob member @field of struct hbf_fix. */
static void emit_blob_fields(FILE *f, const char *id, const char *field,
			     const char *pfx, const struct blob *b)
{
	fprintf(f, "\t.%s = {\n", field);
	fprintf(f, "\t\t.insns = hbf_%sinsns_%s,\n", pfx, id);
	fprintf(f, "\t\t.insns_sz = sizeof(hbf_%sinsns_%s),\n", pfx, id);
	fprintf(f, "\t\t.data = hbf_%sdata_%s,\n", pfx, id);
	fprintf(f, "\t\t.data_sz = sizeof(hbf_%sdata_%s),\n", pfx, id);
	if (b->nr_renames) {
		fprintf(f, "\t\t.renames = hbf_%s%s_renames,\n", pfx, id);
		fprintf(f, "\t\t.nr_renames = %d,\n", b->nr_renames);
	}
	fprintf(f, "\t},\n");
}

static void write_fix(const char *out)
{
	FILE *f = fopen(out, "w");
	const char *id = cur->ident;
	int i, nr_ops = 0;

	if (!f)
		fail("cannot write %s: %s", out, strerror(errno));
	fprintf(f, "/* SPDX-License-Identifier: GPL-2.0 */\n");
	fprintf(f, "/*\n * Generated by gen/hbf-gen from %s.\n", cur->name);
	fprintf(f, " * Do not edit: change progs/%s.bpf.c and rebuild.\n */\n\n",
		cur->name);
	fprintf(f, "#define HBF_DESC_%s \"%s\"\n", id, cur->desc);
	fprintf(f, "#define HBF_SYMPTOM_%s \"%s\"\n\n", id, cur->symptom);
	fprintf(f, "#define HBF_IDS_%s", id);
	for (i = 0; i < cur->nr_ids; i++) {
		const struct dev_id *d = &cur->ids[i];

		fprintf(f, " \\\n\t{ .bus = ");
		id_or_any(d->bus, "HID_BUS_ANY", f);
		fprintf(f, ", .group = 0x%04x, .vendor = ", d->group);
		id_or_any(d->vendor, "HID_ANY_ID", f);
		fprintf(f, ", .product = ");
		id_or_any(d->product, "HID_ANY_ID", f);
		fprintf(f, " },");
	}
	fprintf(f, "\n\nstatic const struct hid_device_id hbf_%s_ids[] = {\n", id);
	fprintf(f, "\tHBF_IDS_%s\n\t{ }\n};\n\n", id);
	/* not const: the module patches attach attributes and kfunc names */
	emit_blob(f, id, "", &cur->full);
	emit_blob(f, id, "probe_", &cur->probe);

	fprintf(f, "static const struct hbf_prog hbf_%s_progs[] = {\n", id);
	for (i = 0; i < cur->nr_progs; i++) {
		const struct prog *p = &cur->progs[i];

		if (p->is_probe)
			continue;
		fprintf(f, "\t{ .name = \"%s\", .op = %s, .slot = %d, .attr_off = %ld },\n",
			p->name, callback_enums[p->callback], p->slot, p->attr_off);
		nr_ops++;
	}
	fprintf(f, "};\n\n");
	fprintf(f, "static struct hbf_fix hbf_fix_%s = {\n", id);
	fprintf(f, "\t.name = \"%s\",\n", cur->name);
	fprintf(f, "\t.description = HBF_DESC_%s,\n", id);
	fprintf(f, "\t.ids = hbf_%s_ids,\n", id);
	emit_blob_fields(f, id, "full", "", &cur->full);
	emit_blob_fields(f, id, "probe", "probe_", &cur->probe);
	fprintf(f, "\t.nr_maps = %d,\n", cur->nr_maps);
	fprintf(f, "\t.nr_slots = %d,\n", cur->nr_progs);
	fprintf(f, "\t.progs = hbf_%s_progs,\n", id);
	fprintf(f, "\t.nr_progs = %d,\n", nr_ops);
	/*
	 * Never -1: record_loader() refuses a fix without a probe. The field
	 * stays (struct hbf_fix reads -1 as "no probe"), but no generated fix
	 * takes that path: the module runs every fix's probe.
	 */
	fprintf(f, "\t.probe_slot = %d,\n", cur->probe_slot);
	fprintf(f, "\t.enabled = true,\n");
	fprintf(f, "};\n");
	if (fclose(f))
		fail("cannot write %s", out);
}

static void do_fix(const char *path, const char *name, const char *out)
{
	static struct fix fix;
	struct elf_file ef;
	struct btf *btf;

	cur = &fix;
	fix.path = path;
	check_name(name);
	snprintf(fix.name, sizeof(fix.name), "%s", name);
	make_ident(name, fix.ident, sizeof(fix.ident));

	elf_open_fix(&ef, path);
	btf = btf__parse_elf(path, NULL);
	if (!btf)
		fail("no BTF (compile with clang -g)");
	read_config(btf);
	read_texts(&ef);

	read_progs();
	record_loader(&cur->full, 0);
	record_loader(&cur->probe, 1);
	read_ops(&ef, btf);
	locate_attrs();
	locate_renames(btf, &cur->full, 1);
	locate_renames(btf, &cur->probe, 0);

	write_fix(out);
	btf__free(btf);
	elf_end(ef.elf);
	close(ef.fd);
}

static void do_registry(const char *out, int n, char **names)
{
	FILE *f = fopen(out, "w");
	char ident[64];
	int i;

	if (!f) {
		fprintf(stderr, "hbf-gen: cannot write %s: %s\n", out, strerror(errno));
		exit(1);
	}
	fprintf(f, "// SPDX-License-Identifier: GPL-2.0\n");
	fprintf(f, "/*\n * Generated by gen/hbf-gen: every fix the module carries.\n");
	fprintf(f, " * Do not edit: add progs/Vendor__Device.bpf.c and rebuild.\n */\n");
	fprintf(f, "#include <linux/hid.h>\n#include <linux/module.h>\n#include \"../hbf.h\"\n\n");
	for (i = 0; i < n; i++) {
		check_name(names[i]);
		fprintf(f, "#include \"%s.lskel.h\"\n", names[i]);
	}
	fprintf(f, "\nstruct hbf_fix *const hbf_fixes[] = {\n");
	for (i = 0; i < n; i++) {
		make_ident(names[i], ident, sizeof(ident));
		fprintf(f, "\t&hbf_fix_%s,\n", ident);
	}
	fprintf(f, "};\n\nconst unsigned int hbf_nr_fixes = ARRAY_SIZE(hbf_fixes);\n\n");
	fprintf(f, "static const struct hid_device_id hbf_id_table[] = {\n");
	for (i = 0; i < n; i++) {
		make_ident(names[i], ident, sizeof(ident));
		fprintf(f, "\tHBF_IDS_%s\n", ident);
	}
	fprintf(f, "\t{ }\n};\nMODULE_DEVICE_TABLE(hid, hbf_id_table);\n\n");
	for (i = 0; i < n; i++) {
		make_ident(names[i], ident, sizeof(ident));
		fprintf(f, "module_param_cb(%s, &hbf_fix_param_ops, &hbf_fix_%s, 0644);\n",
			ident, ident);
		fprintf(f, "MODULE_PARM_DESC(%s, HBF_DESC_%s \" (default: on; 0 detaches it)\");\n",
			ident, ident);
	}
	if (fclose(f)) {
		fprintf(stderr, "hbf-gen: cannot write %s\n", out);
		exit(1);
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: hbf-gen fix OBJECT NAME OUTPUT.h\n"
		"       hbf-gen registry OUTPUT.c NAME...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "fix"))
		do_fix(argv[2], argv[3], argv[4]);
	else if (argc >= 3 && !strcmp(argv[1], "registry"))
		do_registry(argv[2], argc - 3, argv + 3);
	else
		usage();
	return 0;
}
