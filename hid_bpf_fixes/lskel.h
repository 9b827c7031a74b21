/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hid-bpf-fixes: run a light skeleton from the kernel. Nothing here knows
 * about HID: lskel.c loads a fix's BPF objects and hands out their fds.
 */
#ifndef HBF_LSKEL_H
#define HBF_LSKEL_H

#include <linux/types.h>

struct hbf_blob;
struct hbf_fix;

/*
 * The loader program's context, as libbpf's gen_loader lays it out: a
 * header, then one descriptor per map, then one per program. The loader
 * reads the header and the map inputs, and writes the descriptors' fds.
 */
#define HBF_SKEL_KERNEL	BIT(0)

struct hbf_loader_ctx {
	u32 sz;
	u32 flags;
	u32 log_level;
	u32 log_size;
	u64 log_buf;
};

struct hbf_map_desc {
	int map_fd;
	u32 max_entries;	/* 0: as recorded */
	u64 initial_value;	/* 0: as recorded */
} __aligned(8);

struct hbf_prog_desc {
	int prog_fd;
};

/**
 * struct hbf_lskel - one loaded instance of a fix's light skeleton
 * @ctx: the loader's context; @maps and @slots follow it in one allocation
 * @maps: the fds of the fix's maps, -1 where none
 * @slots: the fds of the fix's programs, by loader slot, -1 where none
 * @nr_maps: entries in @maps
 * @nr_slots: entries in @slots
 * @low: the reservation of fds 0-2 held while the instance has fds
 */
struct hbf_lskel {
	struct hbf_loader_ctx *ctx;
	struct hbf_map_desc *maps;
	struct hbf_prog_desc *slots;
	int nr_maps;
	int nr_slots;
	struct hbf_low_fds *low;
};

void hbf_close(int fd);
struct hbf_low_fds *hbf_hold_low_fds(void);
void hbf_release_low_fds(struct hbf_low_fds *low);
int hbf_map_create(u32 type, const char *name, u32 key_size, u32 value_size,
		   u32 flags, int btf_fd, u32 value_type_id);
int hbf_map_set(int map_fd, const void *value);
int hbf_prog_run(int prog_fd, void *ctx, u32 ctx_sz, int *retval);
int hbf_find_btf_type(const char *name, u32 kind, u32 *id);
int hbf_lskel_prepare(struct hbf_fix *fix);
int hbf_lskel_load(struct hbf_fix *fix, const struct hbf_blob *blob,
		   struct hbf_lskel *sk, const char **what);
void hbf_lskel_close(struct hbf_lskel *sk);

#endif /* HBF_LSKEL_H */
