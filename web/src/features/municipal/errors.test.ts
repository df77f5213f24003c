import { describe, expect, it } from 'vitest';
import { hearingField, placeErrors } from './common';

describe('userErrors of a hearing', () => {
  it('names the form field the API means', () => {
    expect(hearingField('title')).toBe('title');
    expect(hearingField('input.title')).toBe('title');
    expect(hearingField('municipality')).toBe('municipality');
    expect(hearingField('dates.closesAt')).toBe('closesAt');
    expect(hearingField('dates.meetingPlace')).toBe('meetingPlace');
    expect(hearingField('territory.description')).toBe('territory');
    expect(hearingField('territory.quarters[2]')).toBe('territoryQuarters');
    expect(hearingField('questions[3]')).toBe('question.3');
    expect(hearingField('materials.0')).toBe('materials');
    expect(hearingField('materials[1].size')).toBe('materials');
    expect(hearingField('notice')).toBe('notice');
    expect(hearingField('dates')).toBeNull();
    expect(hearingField('id')).toBeNull();
  });

  it('puts each message beside its field, the first one winning, the rest above the form', () => {
    const out = placeErrors(
      [
        { field: 'title', message: 'Название: от 5 до 300 знаков' },
        { field: 'title', message: 'second' },
        { field: 'questions[0]', message: 'Вопрос: от 5 до 1000 знаков' },
        { field: 'dates', message: 'Укажите сроки' },
        { field: 'notice', message: 'not on this form' },
      ],
      ['title', 'question'],
    );
    expect(out.fields).toEqual({ title: 'Название: от 5 до 300 знаков', 'question.0': 'Вопрос: от 5 до 1000 знаков' });
    expect(out.form).toEqual(['Укажите сроки', 'not on this form']);
  });
});
